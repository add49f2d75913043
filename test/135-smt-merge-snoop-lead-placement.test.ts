/**
 * SCENARIO 135 (issue 13): the arbiter's SMT miss merge, the snoop lead by slice
 * distance, and thread placement.
 * - A thread that misses on a line its SMT core-mate already waits for queues right
 *   behind that core-mate, wherever it waits in the FIFO (shared fill buffer); with
 *   `smtMissMerge` off it queues at the tail.
 * - The snoop lead spreads by ± sliceSpread/4 around the mean (half the LLC round trip);
 *   with no spread it is the mean everywhere.
 * - `spread` gives every thread its own core, alternating sockets, before any SMT sibling.
 */
import { describe, expect, it } from 'vitest';
import { Arbiter, GO, QUEUED, REQUEUE } from '../src/model/arbiter.ts';
import { Stats } from '../src/model/stats.ts';
import { buildLatencies } from '../src/model/latency.ts';
import { buildTopology } from '../src/model/topology/topology.ts';
import { placeThreads } from '../src/model/topology/placement.ts';
import { profileConfig } from './helpers/machine.ts';

/** Threads 0 (cpu 0), 1 (cpu 1, another core), 2 (cpu 4 = cpu 0's sibling on a 4-core box) queue for line 0; who follows thread 0? */
function nextAfterHead(merge: boolean): number {
  const coreOfCpu = Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]);
  const arb = new Arbiter(2, new Stats(2, 1, 8, 4), 10, false, coreOfCpu, merge);
  arb.threads(3);
  arb.occupy(0, 100);
  expect(arb.admit(0, 0, 0, 0, false)).toBe(REQUEUE);
  expect(arb.admit(1, 1, 1, 0, false)).toBe(QUEUED);
  expect(arb.admit(2, 4, 2, 0, false)).toBe(QUEUED);
  expect(arb.admit(0, 0, 100, 0, false)).toBe(GO);
  return arb.woken;
}

/**
 * Threads 0 (cpu 0) heads the FIFO of line 0; 1 (cpu 1), 2 (cpu 2) and 3 (cpu 3) queue
 * behind it; then 4 (cpu 5 = cpu 1's sibling) misses. The served order after thread 0.
 */
function orderWithMateInMiddle(merge: boolean): number[] {
  const coreOfCpu = Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]);
  const arb = new Arbiter(2, new Stats(2, 1, 8, 4), 10, false, coreOfCpu, merge);
  arb.threads(5);
  arb.occupy(0, 100);
  expect(arb.admit(0, 0, 0, 0, false)).toBe(REQUEUE);
  for (const [id, cpu] of [[1, 1], [2, 2], [3, 3], [4, 5]] as const) expect(arb.admit(id, cpu, id, 0, false)).toBe(QUEUED);
  const order: number[] = [];
  let id = 0, clock = 100;
  for (;;) {
    expect(arb.admit(id, [0, 1, 2, 3, 5][id]!, clock, 0, false)).toBe(GO);
    if (arb.woken < 0) return order;
    id = arb.woken; order.push(id); clock += 1;
  }
}

describe('135 SMT merge, snoop lead, placement', () => {
  it('GIVEN a core-mate waiting in the middle of the FIFO THEN the sibling is served right after it, not at the tail', () => {
    expect(orderWithMateInMiddle(true)).toEqual([1, 4, 2, 3]);
    expect(orderWithMateInMiddle(false)).toEqual([1, 2, 3, 4]);
  });

  it('GIVEN the head\'s SMT sibling misses on the same line THEN it is served right after the head', () => {
    expect(nextAfterHead(true)).toBe(2);
  });
  it('GIVEN smtMissMerge off THEN the sibling waits at the tail', () => {
    expect(nextAfterHead(false)).toBe(1);
  });

  it('GIVEN Broadwell-EP (slice spread 12 cycles) THEN the lead spans mean ± 3; GIVEN spread 0 THEN it is the mean', () => {
    const cfg = profileConfig('broadwell-ep');
    const lat = buildLatencies(cfg, buildTopology(cfg));
    const v = [...lat.leadBySlice];
    expect(Math.min(...v)).toBe(lat.snoopLead - 3);
    expect(Math.max(...v)).toBe(lat.snoopLead + 3);
    const flat = buildLatencies({ ...cfg, llc: { ...cfg.llc, sliceSpreadCycles: 0 } }, buildTopology(cfg));
    expect(new Set(flat.leadBySlice)).toEqual(new Set([flat.snoopLead]));
  });

  it('GIVEN 2×14 cores ×2 SMT WHEN 30 threads are spread THEN the first 28 take distinct cores alternating sockets and the last 2 are siblings', () => {
    const cfg = profileConfig('broadwell-ep');
    const topo = buildTopology(cfg);
    const cpus = placeThreads(topo, 30, 'spread', cfg.smt);
    const cores = cpus.map((c) => topo.coreOfCpu[c]!);
    expect(new Set(cores.slice(0, 28)).size).toBe(28);
    expect(cores.slice(0, 4).map((c) => topo.socketOfCore[c])).toEqual([0, 1, 0, 1]);
    expect(cpus.slice(28)).toEqual([28, 42]);
    expect(placeThreads(topo, 3, 'linux-order', cfg.smt)).toEqual([0, 1, 2]);
    expect(() => placeThreads(topo, 2, [3, 3], cfg.smt)).toThrow(/twice/);
  });
});
