/**
 * Helpers over point coordinates: which axes a result set has, their values in a stable
 * order, and keys for grouping points that differ only in some axes.
 */
import type { MetricSpec, PointCoords, PointResult } from '../experiment/result-types.ts';
import { summarise, type SampleStats } from './stats.ts';

/** Axes with a fixed place in tables; any other axis (scenario, slabSlot, ...) follows. */
const KNOWN_ORDER = ['layout', 'profile', 'prefetch', 'scenario', 'threads'];

export function axisNames(points: PointResult[]): string[] {
  const seen = new Set<string>();
  for (const p of points) for (const k of Object.keys(p.coords)) seen.add(k);
  const known = KNOWN_ORDER.filter((k) => seen.has(k));
  const extra = [...seen].filter((k) => !KNOWN_ORDER.includes(k)).sort();
  // threads last: tables read "… per thread count"
  return [...known.filter((k) => k !== 'threads'), ...extra, ...known.filter((k) => k === 'threads')];
}

/** Distinct values of an axis: numbers ascending, strings in first-seen order. */
export function axisValues(points: PointResult[], axis: string): Array<string | number> {
  const vals: Array<string | number> = [];
  for (const p of points) {
    const v = p.coords[axis];
    if (v !== undefined && !vals.includes(v)) vals.push(v);
  }
  if (vals.every((v) => typeof v === 'number')) (vals as number[]).sort((a, b) => a - b);
  return vals;
}

/** Key of a point's coordinates without the given axes (for "same everything else"). */
export function coordKey(coords: PointCoords, omit: string[] = []): string {
  return Object.keys(coords)
    .filter((k) => !omit.includes(k))
    .sort()
    .map((k) => `${k}=${coords[k]}`)
    .join(',');
}

export function pickCoords(coords: PointCoords, omit: string[]): PointCoords {
  const out: PointCoords = {};
  for (const k of Object.keys(coords)) if (!omit.includes(k)) out[k] = coords[k];
  return out;
}

/** Human label such as "profile=broadwell prefetch=on". */
export function coordLabel(coords: PointCoords, axes?: string[]): string {
  const keys = axes ?? Object.keys(coords);
  return keys.filter((k) => coords[k] !== undefined).map((k) => `${k}=${coords[k]}`).join(' ');
}

export function metricSamples(point: PointResult, metric: string): number[] {
  return point.runs.map((r) => r.metrics[metric]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
}

/** The summary value a metric is reported by: Hmean for rates, else the arithmetic mean. */
export function primaryValue(stats: SampleStats, spec: MetricSpec): number {
  return spec.aggregate === 'hmean' ? stats.hmean : stats.mean;
}

export function aggregateLabel(spec: MetricSpec): string {
  return spec.aggregate === 'hmean' ? 'Hmean' : 'Amean';
}

/** Metric specs in first-seen order across points (points of one workload share them). */
export function metricSpecs(points: PointResult[]): MetricSpec[] {
  const out: MetricSpec[] = [];
  for (const p of points) for (const m of p.metrics) if (!out.some((o) => o.name === m.name)) out.push(m);
  return out;
}

export interface StatRow {
  point: PointResult;
  metric: MetricSpec;
  samples: number[];
  stats: SampleStats;
  value: number;
}

/** Stats of every point × metric (the content of stats.csv). */
export function statRows(points: PointResult[]): StatRow[] {
  const rows: StatRow[] = [];
  for (const point of points) {
    for (const metric of point.metrics) {
      const samples = metricSamples(point, metric.name);
      const stats = summarise(samples);
      rows.push({ point, metric, samples, stats, value: primaryValue(stats, metric) });
    }
  }
  return rows;
}

/** Sort points by the axis order, threads numerically. */
export function sortPoints(points: PointResult[]): PointResult[] {
  const axes = axisNames(points);
  const orders = new Map(axes.map((a) => [a, axisValues(points, a)]));
  return [...points].sort((p, q) => {
    for (const a of axes) {
      const vals = orders.get(a)!;
      const d = vals.indexOf(p.coords[a]) - vals.indexOf(q.coords[a]);
      if (d !== 0) return d;
    }
    return 0;
  });
}

/** A representative point's coordinates without the compared axis: names its group. */
export function representativeOf(coords: Record<string, unknown>, axis: string | undefined): PointCoords {
  const out: PointCoords = {};
  for (const [k, v] of Object.entries(coords)) if (k !== axis) out[k] = v as string | number;
  return out;
}
