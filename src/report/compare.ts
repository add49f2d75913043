/**
 * mmtests-compare style comparison: for each metric and thread count, the baseline's
 * Hmean (Amean for non-rate metrics) and each candidate's, with % change, marked `*` when
 * significant (rule in stats.ts). Candidates are compared at the same value of every other
 * axis (profile, prefetch, threads, scenario, slab slot, ...).
 */
import type { MetricSpec, PointCoords, PointResult } from '../experiment/result-types.ts';
import type { ReportExperiment } from './results-file.ts';
import { axisNames, axisValues, coordKey, metricSamples, metricSpecs, pickCoords, primaryValue } from './axes.ts';
import { isSignificant, pctChange, summarise, welchP, type SampleStats } from './stats.ts';

export interface CompareSetup {
  /** the axis whose values are compared: 'layout', or 'prefetch' when there is no layout axis */
  axis: string;
  baseline: string;
  candidates: string[];
}

/**
 * The axis the report compares, and its baseline: the layouts when there are two or more
 * (baseline: the experiment's `baseline`, else the first layout); else the first axis
 * with two or more values, in the order scenario, the experiment's own axes, prefetch,
 * profile (baseline: its first value). Null when only threads vary (nothing to compare).
 */
export function chooseComparison(exp: ReportExperiment, points: PointResult[]): CompareSetup | null {
  const own = Object.keys((exp as { axes?: Record<string, unknown> }).axes ?? {});
  const extra = axisNames(points).filter((a) => !['layout', 'scenario', 'prefetch', 'profile', 'threads'].includes(a) && !own.includes(a));
  for (const axis of ['layout', 'scenario', ...own, ...extra, 'prefetch', 'profile']) {
    const vals = axisValues(points, axis).map(String);
    if (vals.length < 2) continue;
    let baseline = vals[0];
    if (axis === 'layout' && exp.baseline && vals.includes(exp.baseline)) baseline = exp.baseline;
    if (axis === 'prefetch' && Array.isArray(exp.prefetch) && vals.includes(String(exp.prefetch[0]))) baseline = String(exp.prefetch[0]);
    return { axis, baseline, candidates: vals.filter((v) => v !== baseline) };
  }
  return null;
}

export interface CandidateCell {
  name: string;
  stats: SampleStats;
  value: number;
  pct: number;
  p: number;
  significant: boolean;
}

export interface CompareRow {
  metric: MetricSpec;
  threads: number;
  baseline: { stats: SampleStats; value: number };
  candidates: Array<CandidateCell | null>;
}

/** One table: all rows for one combination of the other axes (profile, prefetch, ...). */
export interface CompareTable {
  setup: CompareSetup;
  group: PointCoords;
  rows: CompareRow[];
}

export function compareTables(points: PointResult[], setup: CompareSetup): CompareTable[] {
  const byKey = new Map<string, PointResult>();
  for (const p of points) byKey.set(coordKey(p.coords), p);
  const groups = new Map<string, PointCoords>();
  for (const p of points) {
    const g = pickCoords(p.coords, [setup.axis, 'threads']);
    groups.set(coordKey(g), g);
  }
  const threads = axisValues(points, 'threads').map(Number);
  const metrics = metricSpecs(points);
  const tables: CompareTable[] = [];
  for (const group of groups.values()) {
    const rows: CompareRow[] = [];
    for (const metric of metrics) {
      for (const t of threads) {
        const at = (v: string) => byKey.get(coordKey({ ...group, [setup.axis]: v, threads: t }))
          ?? byKey.get(coordKey({ ...group, [setup.axis]: v }));
        const bp = at(setup.baseline);
        if (!bp || !bp.metrics.some((m) => m.name === metric.name)) continue;
        const bs = metricSamples(bp, metric.name);
        const bStats = summarise(bs);
        const bValue = primaryValue(bStats, metric);
        const candidates = setup.candidates.map((c): CandidateCell | null => {
          const cp = at(c);
          if (!cp) return null;
          const cs = metricSamples(cp, metric.name);
          const stats = summarise(cs);
          const value = primaryValue(stats, metric);
          return { name: c, stats, value, pct: pctChange(bValue, value), p: welchP(bs, cs), significant: isSignificant(bs, cs) };
        });
        rows.push({ metric, threads: t, baseline: { stats: bStats, value: bValue }, candidates });
      }
    }
    if (rows.length > 0) tables.push({ setup, group, rows });
  }
  return tables;
}

/** `( -2.94%)` or `* -2.94%*` as compare-mmtests prints it. */
export function formatPct(pct: number, significant: boolean): string {
  const body = Number.isFinite(pct) ? pct.toFixed(2).padStart(7) : '    n/a';
  return significant ? `*${body}%*` : `(${body}%)`;
}

/** A compare-mmtests-style text block (fixed-width, for summary.md and patch mails). */
export function mmtestsText(table: CompareTable): string {
  const { setup } = table;
  const labelW = Math.max(16, ...table.rows.map((r) => `${r.metric.name}-${r.threads}`.length + 2));
  const colW = Math.max(13, ...[setup.baseline, ...setup.candidates].map((n) => n.length)) + 10;
  const head = ''.padEnd(10 + labelW) + [setup.baseline, ...setup.candidates].map((n) => n.padStart(colW)).join(' ');
  const lines = [head];
  for (const r of table.rows) {
    const agg = r.metric.aggregate === 'hmean' ? 'Hmean' : 'Amean';
    const base = `${fmtNum(r.baseline.value)} ${formatPct(0, false)}`.padStart(colW);
    const cands = r.candidates.map((c) => (c ? `${fmtNum(c.value)} ${formatPct(c.pct, c.significant)}` : 'n/a').padStart(colW));
    lines.push(`${agg.padEnd(10)}${`${r.metric.name}-${r.threads}`.padEnd(labelW)}${[base, ...cands].join(' ')}`);
  }
  return lines.join('\n');
}

/** Numbers as compare-mmtests prints them: 4 decimals, no exponent. */
export function fmtNum(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(4) : x.toPrecision(4);
}
