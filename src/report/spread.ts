/**
 * Run-to-run spread: points whose iterations disagree by more than SPREAD_LIMIT on the
 * verdict's metric. A model near a capacity knee can settle a short run in one of two
 * states (README "12 threads has two regimes"), and a mean of two such runs is not a
 * stable number; the verdict says so instead of letting a cell look precise.
 */
import type { StatRow } from './axes.ts';
import { coordLabel } from './axes.ts';

/** max/min − 1 above which a point's iterations count as spread apart */
export const SPREAD_LIMIT = 0.1;

export interface SpreadPoint { label: string; min: number; max: number; ratio: number }

/** Points of `metric` with ≥ 2 iterations whose max/min − 1 exceeds SPREAD_LIMIT, widest first. */
export function spreadPoints(stats: StatRow[], metric: string): { spread: SpreadPoint[]; judged: number } {
  const rows = stats.filter((r) => r.metric.name === metric && r.stats.n >= 2 && r.stats.min > 0);
  const spread = rows.map((r) => ({ label: coordLabel(r.point.coords), min: r.stats.min, max: r.stats.max, ratio: r.stats.max / r.stats.min - 1 }))
    .filter((p) => p.ratio > SPREAD_LIMIT + 1e-12) // 110 / 100 − 1 is 0.1 plus rounding: exactly at the limit is not spread
    .sort((a, b) => b.ratio - a.ratio || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return { spread, judged: rows.length };
}

const num = (x: number) => (Math.abs(x) >= 1e4 ? `${(x / 1e3).toFixed(1)} k` : x.toPrecision(4));

/** The verdict's statement about spread, or null when no point is spread apart. */
export function spreadStatement(stats: StatRow[], metric: string, shown = 3): string | null {
  const { spread, judged } = spreadPoints(stats, metric);
  if (spread.length === 0) return null;
  const worst = spread.slice(0, shown).map((p) => `${p.label} (${num(p.min)} … ${num(p.max)})`).join('; ');
  return `Run-to-run spread: ${spread.length} of ${judged} points have iterations more than ${Math.round(SPREAD_LIMIT * 100)} % apart on ${metric}, ` +
    `widest ${worst}; cells built on them can move between runs (stats.csv has min and max).`;
}
