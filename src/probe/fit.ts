/**
 * Numbers the model can use, fitted from a probe: core clock, c2c latency per pair
 * category, load-to-use latency per cache level, locked-RMW cost, the adjacent-line
 * pair penalty, the false-sharing factor and the store-buffer depth. Pure functions of
 * probe.json, so they are tested on recorded probes.
 * Single-thread times (latency, lock add, ping-pong) use the best repetition: CPU steal
 * and preemption only ever add time. Contention rates use the median: there a stalled
 * peer makes the other thread faster, so the best repetition would flatter.
 */
import { dataCache } from './machine-info.ts';
import type { C2cCategoryT, Probe, ProbeOp } from './schema.ts';

export interface LevelLatency { kib: number; ns: number; cycles: number | null }

export interface Fitted {
  coreGHz: number | null;
  c2cNs: Partial<Record<C2cCategoryT, number>>;
  latency: { l1?: LevelLatency; l2?: LevelLatency; llc?: LevelLatency; dram?: LevelLatency };
  rmwNs: number | null;
  rmwCycles: number | null;
  /** 2 threads lock add: per-thread rate at stride 128 / stride 64 (1 = no pair effect) */
  pairPenalty: number | null;
  /** 2 threads lock add: per-thread rate at stride 128 / stride 8 (1 = no false-sharing cost) */
  falseSharingFactor: number | null;
  storeBufferDepth: number | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r3 = (x: number) => Number(x.toPrecision(3));

/** per-thread ops/s of a contention shape (median over reps and threads), or null */
export function rate(p: Probe, op: ProbeOp, stride: number, threads = 2): number | null {
  const c = p.measurements.contention.find((x) => x.op === op && x.stride === stride && x.threads === threads);
  return c ? c.perThreadOpsPerSec.median : null;
}

/**
 * Latency of each level from the chase curve: L1 = the smallest set (≤ L1/2); L2 = the
 * largest set in (2×L1, L2/4] (well inside L2, few TLB misses); LLC = the smallest set
 * in [2×L2, LLC/2] (mostly L2 misses, still LLC-resident); DRAM = the largest set ≥ 2×LLC.
 */
export function levelLatencies(p: Probe, ghz: number | null): Fitted['latency'] {
  const l1 = dataCache(p.machine, 1)?.kib ?? 32, l2 = dataCache(p.machine, 2)?.kib ?? 1024, llc = dataCache(p.machine, 3)?.kib;
  const lat = [...p.measurements.latency].sort((a, b) => a.kib - b.kib);
  const pick = (lo: number, hi: number) => [...lat].reverse().find((x) => x.kib > lo && x.kib <= hi);
  const mk = (x: (typeof lat)[number] | undefined): LevelLatency | undefined =>
    x ? { kib: x.kib, ns: r3(x.ns.min), cycles: ghz ? r3(x.ns.min * ghz) : null } : undefined;
  return {
    l1: mk(lat.find((x) => x.kib <= l1 / 2)),
    l2: mk(pick(2 * l1, l2 / 4)),
    llc: llc ? mk(lat.find((x) => x.kib >= 2 * l2 && x.kib <= llc / 2)) : undefined,
    dram: llc ? mk(lat.filter((x) => x.kib >= llc * 2).pop()) : undefined,
  };
}

/**
 * Store-buffer depth from ns/iteration by K (min over reps: noise only adds time).
 * Low plateau = the first three K, high = the last three; the knee is the first K from
 * which the time stays past the midpoint; the depth is the last K before it (the most
 * stores that still let the second miss issue under the first, as in H. Wong's ROB
 * measurements). On the Zen 4 VM: 64, its store-queue size. No clear step
 * (high < 1.4 × low) → null.
 */
export function storeBufferDepth(points: Array<{ k: number; nsPerIter: { min: number } }>): number | null {
  const s = [...points].sort((a, b) => a.k - b.k);
  const knee = storeBufferKnee(s);
  const i = s.findIndex((x) => x.k === knee);
  return knee === null || i < 1 ? null : s[i - 1]!.k;
}

export function storeBufferKnee(points: Array<{ k: number; nsPerIter: { min: number } }>): number | null {
  const s = [...points].sort((a, b) => a.k - b.k);
  if (s.length < 8) return null;
  const lo = median(s.slice(0, 3).map((x) => x.nsPerIter.min)), hi = median(s.slice(-3).map((x) => x.nsPerIter.min));
  if (!(hi > lo * 1.4)) return null;
  const mid = (lo + hi) / 2;
  // the first K from which the time stays above the midpoint (one noisy point is not a knee)
  for (let i = 0; i < s.length; i++) {
    if (s.slice(i).every((x, j) => x.nsPerIter.min > mid || j > 2)) return s[i]!.k;
  }
  return null;
}

export function fitProbe(p: Probe): Fitted {
  const m = p.measurements;
  const ghz = m.freq ? r3(m.freq.coreGHz.max) : null;
  const c2cNs: Fitted['c2cNs'] = {};
  for (const cat of ['smt', 'same-llc', 'other-llc', 'other-socket'] as const) {
    const xs = m.pingpong.filter((x) => x.category === cat).map((x) => x.oneWayNs.min);
    if (xs.length) c2cNs[cat] = r3(median(xs));
  }
  const rmwNs = m.rmw ? r3(m.rmw.nsPerOp.min) : null;
  const same = rate(p, 'lockadd', 8), pair = rate(p, 'lockadd', 64), far = rate(p, 'lockadd', 128);
  return {
    coreGHz: ghz,
    c2cNs,
    latency: levelLatencies(p, ghz),
    rmwNs,
    rmwCycles: rmwNs !== null && ghz ? r3(rmwNs * ghz) : null,
    pairPenalty: pair && far ? r3(far / pair) : null,
    falseSharingFactor: same && far ? r3(far / same) : null,
    storeBufferDepth: storeBufferDepth(m.storeBuffer),
  };
}
