/**
 * results.csv: one row per point, in sweep order. Columns: experiment, point, the
 * coordinate axes, each workload metric aggregated over iterations (hmean or mean per
 * MetricSpec), then counters averaged over iterations. Numbers are rounded to 10
 * significant digits so the file is stable across platforms and --jobs.
 */
import { stringify } from '../util/csv.ts';
import { csvNumber } from '../util/csv-number.ts';
import type { Counters, CpuCounters, CpuStat, MetricSpec, PointResult } from '../model/result-types.ts';

/** Counter columns: the headline ones first, then the rest of Counters. */
export const COUNTER_COLUMNS: ReadonlyArray<[string, keyof Counters]> = [
  ['accesses', 'accesses'],
  ['cycles', 'cycles'],
  ['ns', 'ns'],
  ['hitm_local', 'hitmLocal'],
  ['hitm_remote', 'hitmRemote'],
  ['invalidations', 'invalidationsSent'],
  ['prefetch_invalidations', 'prefetchInvalidations'],
  ['ops', 'ops'],
  ['l1_hits', 'l1Hits'],
  ['l2_hits', 'l2Hits'],
  ['llc_hits', 'llcHits'],
  ['misses', 'misses'],
  ['invalidations_received', 'invalidationsReceived'],
  ['clean_forwards', 'cleanForwards'],
  ['dram_reads', 'dramReads'],
  ['prefetch_issued', 'prefetchIssued'],
  ['prefetch_dropped', 'prefetchDropped'],
  ['prefetch_useless_inv', 'prefetchUselessInv'],
  ['queue_cycles', 'queueCycles'],
  ['sf_back_invalidations', 'sfBackInvalidations'],
];

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Harmonic mean (mmtests' Hmean for rates); a zero rate makes it zero. */
export function hmean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  if (xs.some((x) => x === 0)) return 0;
  return xs.length / xs.reduce((a, x) => a + 1 / x, 0);
}

export function aggregate(spec: MetricSpec, values: readonly number[]): number {
  return spec.aggregate === 'hmean' ? hmean(values) : mean(values);
}

/** The shared CSV rounding rule (util/csv-number.ts). */
export const fmt = csvNumber;

export function resultsCsv(experiment: string, columns: readonly string[], metrics: readonly MetricSpec[], points: readonly PointResult[]): string {
  const header = ['experiment', 'point', ...columns, ...metrics.map((m) => m.name), ...COUNTER_COLUMNS.map(([c]) => c)];
  const rows = points.map((p, i) => [
    experiment,
    String(i),
    ...columns.map((c) => String(p.coords[c] ?? '')),
    ...metrics.map((m) => fmt(aggregate(m, p.runs.map((r) => r.metrics[m.name] ?? NaN)))),
    ...COUNTER_COLUMNS.map(([, k]) => fmt(mean(p.runs.map((r) => r.counters[k])))),
  ]);
  return stringify([header, ...rows]);
}

/** per-cpu.csv counter columns (CpuCounters, in CPU_COUNTERS order). */
export const CPU_COUNTER_COLUMNS: ReadonlyArray<[string, keyof CpuCounters]> = [
  ['accesses', 'accesses'],
  ['l1_hits', 'l1Hits'],
  ['l2_hits', 'l2Hits'],
  ['llc_hits', 'llcHits'],
  ['misses', 'misses'],
  ['hitm_local', 'hitmLocal'],
  ['hitm_remote', 'hitmRemote'],
  ['invalidations_received', 'invalidationsReceived'],
  ['prefetch_invalidations', 'prefetchInvalidations'],
  ['queue_cycles', 'queueCycles'],
];

/**
 * per-cpu.csv: one row per (point, CPU that ran a thread), points in sweep order and
 * CPUs by number; counters averaged over iterations (a CPU absent from an iteration
 * counts as 0 there). `point` is the row number in results.csv; the axis columns
 * (layout, profile, prefetch, threads, scenario, slabSlot, ...) are results.csv's.
 */
export function perCpuCsv(experiment: string, columns: readonly string[], points: readonly PointResult[]): string {
  const header = ['experiment', 'point', ...columns, 'cpu', 'socket', 'core', 'smt', ...CPU_COUNTER_COLUMNS.map(([c]) => c), 'ops', 'ops_per_s'];
  const rows: string[][] = [];
  points.forEach((p, i) => {
    const byCpu = new Map<number, CpuStat>();
    for (const r of p.runs) for (const c of r.perCpu ?? []) if (!byCpu.has(c.cpu)) byCpu.set(c.cpu, c);
    for (const cpu of [...byCpu.keys()].sort((a, b) => a - b)) {
      const c = byCpu.get(cpu)!;
      const of = (k: keyof CpuCounters | 'ops' | 'opsPerSec') => mean(p.runs.map((r) => r.perCpu?.find((x) => x.cpu === cpu)?.[k] ?? 0));
      rows.push([
        experiment, String(i), ...columns.map((col) => String(p.coords[col] ?? '')),
        c.label, String(c.socket), String(c.core), String(c.smt),
        ...CPU_COUNTER_COLUMNS.map(([, k]) => fmt(of(k))), fmt(of('ops')), fmt(of('opsPerSec')),
      ]);
    }
  });
  return stringify([header, ...rows]);
}
