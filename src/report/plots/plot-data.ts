/**
 * Flat data rows for the charts, computed from the results (never typed in): per-series
 * summary values, % changes, field-pair costs and cycle breakdowns.
 */
import { fieldPairs } from '../field-pairs.ts';
import type { CycleBreakdown, PointResult } from '../../experiment/result-types.ts';
import { axisValues, coordLabel, metricSamples, pickCoords } from '../axes.ts';
import { summarise } from '../stats.ts';
import type { CompareTable } from '../compare.ts';
import type { PointAttribution } from '../attribution.ts';

/** Axes used as facets (profile columns, prefetch rows) or x; everything else names the series. */
export const FACET_AXES = ['profile', 'prefetch'];

/** The x axis of value charts: threads when swept, else scenario when present, else the series. */
export function xAxis(points: PointResult[]): 'threads' | 'scenario' | null {
  if (axisValues(points, 'threads').length > 1) return 'threads';
  if (axisValues(points, 'scenario').length > 0) return 'scenario';
  return null;
}

export function seriesLabel(coords: Record<string, string | number>, x: string | null): string {
  const rest = pickCoords(coords, [...FACET_AXES, 'threads', ...(x ? [x] : [])]);
  const { layout, ...others } = rest;
  const label = [layout !== undefined ? String(layout) : '', coordLabel(others)].filter((s) => s !== '').join(' ');
  return label === '' ? 'all' : label;
}

/**
 * Colour key of a row: the value of the compared axis (the layout, usually), so one layout
 * has one colour in every chart; `rest` names what else tells its lines apart (slabSlot=1).
 */
export interface Keyed {
  color: string;
  rest: string;
}

function keyOf(coords: Record<string, string | number>, series: string, axis: string | undefined, x: string | null): Keyed {
  if (!axis || coords[axis] === undefined) return { color: series, rest: '' };
  const rest = coordLabel(pickCoords(coords, [...FACET_AXES, 'threads', axis, ...(x ? [x] : [])]));
  return { color: String(coords[axis]), rest };
}

export interface ValueRow extends Keyed {
  series: string;
  profile: string;
  prefetch: string;
  x: string | number;
  value: number;
  lo: number;
  hi: number;
}

/** Per point: the metric's summary value (Hmean for rates) with the mean's 95 % CI as whiskers. */
export function valueRows(points: PointResult[], metric: string, x: 'threads' | 'scenario' | null, axis?: string): ValueRow[] {
  const rows: ValueRow[] = [];
  for (const p of points) {
    const spec = p.metrics.find((m) => m.name === metric);
    if (!spec) continue;
    const s = summarise(metricSamples(p, metric));
    const value = spec.aggregate === 'hmean' ? s.hmean : s.mean;
    if (!Number.isFinite(value)) continue;
    const ci = Number.isFinite(s.ci95) ? s.ci95 : 0;
    const series = seriesLabel(p.coords, x);
    rows.push({ series, ...keyOf(p.coords, series, axis, x), profile: String(p.coords.profile ?? ''), prefetch: String(p.coords.prefetch ?? ''),
      x: x ? p.coords[x] : series, value, lo: s.mean - ci, hi: s.mean + ci });
  }
  return rows;
}

export interface PctRow extends Keyed {
  series: string;
  facetCol: string;
  facetRow: string;
  /** thread count, or the scenario for microbenchmark-style results */
  x: string | number;
  pct: number;
  significance: string;
}

/** % change rows from the comparison tables, for one metric. */
export function pctRows(tables: CompareTable[], metric: string, x: 'threads' | 'scenario'): PctRow[] {
  const rows: PctRow[] = [];
  for (const t of tables) {
    const rest = pickCoords(t.group, [...FACET_AXES, x]);
    const restLabel = coordLabel(rest);
    for (const r of t.rows) {
      if (r.metric.name !== metric) continue;
      r.candidates.forEach((c) => {
        if (!c || !Number.isFinite(c.pct)) return;
        rows.push({ series: `${c.name} vs ${t.setup.baseline}${restLabel ? ` ${restLabel}` : ''}`, color: c.name, rest: restLabel,
          facetCol: String(t.group.profile ?? ''), facetRow: t.setup.axis === 'prefetch' ? '' : String(t.group.prefetch ?? ''),
          // when the scenarios are what is compared, each bar is a candidate scenario
          x: x === 'threads' ? r.threads : t.setup.axis === 'scenario' ? c.name : (t.group.scenario ?? ''),
          pct: c.pct, significance: c.significant ? 'significant' : 'within spread' });
      });
    }
  }
  return rows;
}

export interface PairCostRow {
  panel: string;
  profile: string;
  writer: string;
  victim: string;
  missesPerOp: number;
  viaPrefetchPerOp: number;
}

/**
 * writer field × victim field cost, summed over sites and code paths, per representative
 * point: false sharing only (true sharing — the same field written and read — is not a
 * layout problem and is named apart in the verdict and the attribution tables).
 */
export function pairCostRows(attrs: PointAttribution[]): PairCostRow[] {
  const rows: PairCostRow[] = [];
  for (const a of attrs) {
    const panel = `${seriesLabel(a.coords, null)} prefetch=${a.coords.prefetch ?? ''} threads=${a.coords.threads ?? ''}`;
    const profile = String(a.coords.profile ?? '');
    for (const p of fieldPairs(a)) {
      if (p.trueSharing) continue;
      rows.push({ panel, profile, writer: p.writer, victim: p.victim, missesPerOp: p.missesPerOp, viaPrefetchPerOp: p.viaPrefetchPerOp });
    }
  }
  return rows;
}

export const BREAKDOWN_KEYS: Array<keyof CycleBreakdown> = ['work', 'l1', 'l2', 'llc', 'transferLocal', 'transferRemote', 'dram', 'queue', 'rmw'];

export interface BreakdownRow {
  series: string;
  profile: string;
  prefetch: string;
  category: string;
  order: number;
  cyclesPerOp: number;
}

/** Mean cycles per op by category (summed over threads) for the given points. */
export function breakdownRows(points: PointResult[], x: string | null): BreakdownRow[] {
  const rows: BreakdownRow[] = [];
  for (const p of points) {
    const ops = p.runs.reduce((a, r) => a + r.counters.ops, 0);
    if (!(ops > 0)) continue;
    BREAKDOWN_KEYS.forEach((k, order) => {
      const total = p.runs.reduce((a, r) => a + (r.breakdown[k] ?? 0), 0);
      rows.push({ series: x === 'scenario' ? `${seriesLabel(p.coords, null)}` : seriesLabel(p.coords, x), profile: String(p.coords.profile ?? ''),
        prefetch: String(p.coords.prefetch ?? ''), category: k, order, cyclesPerOp: total / ops });
    });
  }
  return rows;
}
