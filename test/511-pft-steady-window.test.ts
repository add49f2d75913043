/**
 * 511 — pft's rates are steady-state: counted in the window in which every thread is still
 * faulting (workload/collect.ts steadyThroughput), as in pft's real runs of 10⁵ faults per
 * thread, not over a short simulated run whose start and tail have fewer threads competing.
 */
import { describe, expect, it } from 'vitest';
import { steadyThroughput, throughput } from '../src/workload/collect.ts';
import type { ThreadResult } from '../src/workload/run-threads.ts';
import { simulatePft } from '../src/kernel/pft.ts';
import { kernelSpec } from './helpers/5-kernel-spec.ts';

/** A thread that did one Done at each of `at` (cycles), the first `warm` of them warmup. */
const thread = (at: number[], warm: number): ThreadResult => ({
  cpu: 0, ops: at.length - warm, tStart: warm > 0 ? at[warm - 1]! : 0, tEnd: at[at.length - 1]!, workCycles: 0, spinCycles: 0, doneAt: at,
});

describe('511 steadyThroughput', () => {
  it('GIVEN two threads, one finishing early WHEN measured THEN only Dones inside the common window count, every thread busy in it', () => {
    // A: warmup Done at 10, then Dones at 20..100 step 10; B: warmup at 30, then 40, 50, 60.
    const a = thread([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 1);
    const b = thread([30, 40, 50, 60], 1);
    const s = steadyThroughput([a, b], 1);
    // window (30, 60]: A's 40, 50, 60 and B's 40, 50, 60
    expect(s).toEqual({ ops: 6, wallCycles: 30, cpuCycles: 60 });
    // the whole-run figure mixes in A's lone tail: 12 ops over 90 cycles of wall
    expect(throughput([a, b])).toEqual({ ops: 12, wallCycles: 90, cpuCycles: 120 });
  });

  it('GIVEN one thread WHEN measured THEN it is the whole-run throughput', () => {
    const a = thread([10, 20, 30, 40], 1);
    expect(steadyThroughput([a], 1)).toEqual(throughput([a]));
  });

  it('GIVEN a thread that ended before another began measuring WHEN measured THEN it falls back to the whole run', () => {
    const a = thread([10, 20, 30], 1), b = thread([40, 50, 60], 1);
    expect(steadyThroughput([a, b], 1)).toEqual(throughput([a, b]));
  });

  it('GIVEN results without Done times WHEN measured THEN it says what is missing', () => {
    const a = { ...thread([10, 20, 30], 1), doneAt: undefined }, b = { ...a };
    expect(() => steadyThroughput([a, b], 1)).toThrow(/doneAt/);
  });
});

describe('511 pft measures the steady state', () => {
  it('GIVEN 12 threads on b2 WHEN simulated THEN faults/cpu × threads equals faults/sec (every thread busy in the window)', () => {
    const r = simulatePft(kernelSpec('b2', { kind: 'pft', faultsPerThread: 60, warmupFaults: 10 }, { threads: 12, check: false })).runs[0]!;
    expect(r.metrics.faults_per_cpu! * 12).toBeCloseTo(r.metrics.faults_per_sec!, 0);
  });
});

describe('511 pft reports how evenly the threads progress (wall_efficiency, pft\'s whole-run definitions)', () => {
  it('GIVEN one thread WHEN simulated THEN it is busy the whole wall: exactly 1', () => {
    const r = simulatePft(kernelSpec('b2', { kind: 'pft', faultsPerThread: 40, warmupFaults: 5 }, { threads: 1, check: false })).runs[0]!;
    expect(r.metrics.wall_efficiency).toBe(1);
  });

  it('GIVEN 12 threads WHEN simulated THEN it is mean busy time over the whole run\'s wall, below 1', () => {
    const spec = kernelSpec('b2', { kind: 'pft', faultsPerThread: 60, warmupFaults: 10 }, { threads: 12, check: false });
    const r = simulatePft(spec).runs[0]!;
    expect(r.metrics.wall_efficiency).toBeGreaterThan(0.5);
    expect(r.metrics.wall_efficiency).toBeLessThan(1);
  });

  it('GIVEN two threads, one half as fast, equal work WHEN measured as pft does THEN busy 10 and 20 over a wall of 20: 0.75', () => {
    const a = thread([0, 5, 10], 1), b = thread([0, 10, 20], 1);
    const w = throughput([a, b]);
    expect(w.cpuCycles / (2 * w.wallCycles)).toBe(0.75);
  });
});
