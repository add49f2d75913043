/**
 * Which benchmark runs to make on this machine, and with what sizes: quick mode (CI,
 * ≤ 20 s on 2 vCPUs) takes few points and short durations; full mode sweeps thread
 * counts, all pairs (sampled on big machines) and every working-set size.
 */
import type { MachineInfo } from './machine-info.ts';
import { dataCache } from './machine-info.ts';
import type { ProbeOp, PlacementT } from './schema.ts';

export type Step =
  | { bench: 'freq'; args: Record<string, number> }
  | { bench: 'pingpong'; a: number; b: number; args: Record<string, number> }
  | { bench: 'rmw'; cpu: number; args: Record<string, number> }
  | { bench: 'chase'; sizes: number[]; args: Record<string, number> }
  | { bench: 'contend'; op: ProbeOp; stride: number; cpus: number[]; args: Record<string, number> }
  | { bench: 'wr'; placement: PlacementT; roff: number; cpus: number[]; args: Record<string, number> }
  | { bench: 'storebuf'; args: Record<string, number> };

export interface PlanOptions { quick: boolean; cpus: number[]; memKiB: number }

export const OPS: ProbeOp[] = ['lockadd', 'add', 'store'];
export const STRIDES = [8, 64, 128];
export const PLACEMENTS: Array<[PlacementT, number]> = [['same-line', 8], ['same-pair', 64], ['other-pair', 128]];

/** 1, 2, 4, … up to n, plus n itself */
function counts(n: number, from: number): number[] {
  const out: number[] = [];
  for (let k = from; k < n; k *= 2) out.push(k);
  if (n >= from) out.push(n);
  return [...new Set(out)];
}

/** CPU pairs for the ping-pong matrix: all pairs up to 16 CPUs, else CPU 0 with every other plus a fixed sample. */
export function pingpongPairs(cpus: number[], quick: boolean): Array<[number, number]> {
  const all: Array<[number, number]> = [];
  for (let i = 0; i < cpus.length; i++) for (let j = i + 1; j < cpus.length; j++) all.push([cpus[i]!, cpus[j]!]);
  const cap = quick ? 6 : 64;
  if (cpus.length <= 16 && all.length <= (quick ? cap : Infinity)) return all;
  const first = all.filter(([a]) => a === cpus[0]);
  const rest = all.filter(([a]) => a !== cpus[0]);
  const picked: Array<[number, number]> = quick ? first.filter((_, i) => i % Math.ceil(first.length / cap) === 0) : [...first];
  let seed = 12345; // fixed sample, so two runs on one machine measure the same pairs
  const want = quick ? 0 : Math.min(rest.length, 48);
  const taken = new Set<number>();
  while (taken.size < want) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    taken.add(seed % rest.length);
  }
  return [...picked, ...[...taken].sort((x, y) => x - y).map((i) => rest[i]!)];
}

/** Working sets (KiB): inside L1, L2, LLC, and beyond the LLC for DRAM (bounded by memory). */
export function chaseSizes(m: Pick<MachineInfo, 'caches'>, quick: boolean, memKiB: number): number[] {
  const l1 = dataCache(m, 1)?.kib ?? 32, l2 = dataCache(m, 2)?.kib ?? 1024, llc = dataCache(m, 3)?.kib ?? l2 * 8;
  const cap = Math.max(16 * 1024, Math.min(1024 * 1024, Math.floor(memKiB / 4)));
  const dram = Math.min(cap, Math.max(64 * 1024, llc * 4));
  // one set per level, as src/probe/fit.ts reads them: ≤ L1/2, ≤ L2/4, 2×L2, beyond the LLC
  if (quick) return [...new Set([l1 / 4, l2 / 4, Math.min(l2 * 2, llc / 2), dram].map((x) => Math.max(4, Math.round(x))))].sort((a, b) => a - b);
  const out: number[] = [];
  for (let k = 8; k <= dram; k *= 2) out.push(k);
  if (out[out.length - 1] !== dram) out.push(dram);
  return out;
}

export function planSteps(m: MachineInfo, o: PlanOptions): Step[] {
  const q = o.quick;
  const steps: Step[] = [{ bench: 'freq', args: { iters: q ? 4_000_000 : 20_000_000, reps: q ? 3 : 5 } }];
  const cpus = o.cpus;
  for (const [a, b] of cpus.length >= 2 ? pingpongPairs(cpus, q) : []) {
    steps.push({ bench: 'pingpong', a, b, args: { iters: q ? 5000 : 20000, reps: q ? 3 : 7 } });
  }
  const dur = q ? 25 : 100, reps = q ? 3 : 5;
  steps.push({ bench: 'rmw', cpu: cpus[0]!, args: { dur_ms: dur, reps } });
  steps.push({ bench: 'chase', sizes: chaseSizes(m, q, o.memKiB), args: { steps: q ? 200_000 : 1_000_000, reps: q ? 3 : 5 } });
  for (const n of counts(cpus.length, 2)) {
    if (q && n > 2) break;
    for (const op of OPS) for (const stride of STRIDES) steps.push({ bench: 'contend', op, stride, cpus: cpus.slice(0, n), args: { stride, dur_ms: dur, reps } });
  }
  for (const r of counts(cpus.length - 1, 1)) {
    if (q && r > 1) break;
    for (const [placement, roff] of PLACEMENTS) steps.push({ bench: 'wr', placement, roff, cpus: cpus.slice(0, r + 1), args: { roff, dur_ms: dur, reps } });
  }
  const llc = dataCache(m, 3)?.kib ?? 32 * 1024;
  steps.push({ bench: 'storebuf', args: { kib: Math.min(Math.max(65536, llc * 4), 1024 * 1024, Math.floor(o.memKiB / 4)), iters: q ? 8000 : 20000, reps: q ? 3 : 5 } });
  return steps;
}
