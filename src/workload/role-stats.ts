/**
 * Per-role metrics of one run: the threads are grouped by their role name (first
 * appearance order) and each group gets throughput, mean latency per operation and the
 * latency distribution. Latencies come from each thread's Done cycles (runThreads with
 * recordDone), so they are exact simulated cycles, not samples.
 */
import type { RoleStat } from '../model/result-types.ts';
import type { ThreadResult } from './run-threads.ts';

/** Nearest-rank percentile of ascending `xs` (q in (0, 1]); NaN when empty. */
export function percentile(xs: Float64Array, q: number): number {
  if (xs.length === 0) return NaN;
  return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))]!;
}

/** Latencies (cycles) of thread `r`'s measured operations: gaps between consecutive Done cycles. */
export function opLatencies(r: ThreadResult, warmupOps: number): number[] {
  const at = r.doneAt ?? [];
  const out: number[] = [];
  for (let k = warmupOps; k < at.length; k++) out.push(at[k]! - (k === 0 ? 0 : at[k - 1]!));
  return out;
}

export function roleStats(threads: ReadonlyArray<{ role?: string }>, res: readonly ThreadResult[], warmupOps: number, freqGHz: number): RoleStat[] {
  const groups = new Map<string, number[]>();
  threads.forEach((t, i) => {
    const name = t.role ?? 'other';
    groups.set(name, [...(groups.get(name) ?? []), i]);
  });
  return [...groups].map(([role, ids]) => {
    let ops = 0, start = Infinity, end = 0, busy = 0;
    const lat: number[] = [];
    for (const i of ids) {
      const r = res[i]!;
      const l = opLatencies(r, warmupOps);
      for (const x of l) lat.push(x);
      if (r.ops === 0 || Number.isNaN(r.tStart)) continue;
      ops += r.ops;
      start = Math.min(start, r.tStart);
      end = Math.max(end, r.tEnd);
      busy += l.reduce((a, b) => a + b, 0);
    }
    const sorted = Float64Array.from(lat).sort();
    const ns = (cycles: number) => cycles / freqGHz;
    const wall = ops > 0 ? end - start : 0;
    return {
      role, threads: ids.length, ops,
      opsPerSec: wall > 0 ? (ops / wall) * freqGHz * 1e9 : 0,
      nsPerOp: ops > 0 ? ns(busy / ops) : 0,
      p50Ns: ns(percentile(sorted, 0.5)), p90Ns: ns(percentile(sorted, 0.9)),
      p99Ns: ns(percentile(sorted, 0.99)), maxNs: ns(sorted.length ? sorted[sorted.length - 1]! : NaN),
    };
  });
}
