/**
 * SCENARIO 205 (issue 13, session 10): a prefetch of a line that demand requests already
 * wait for is served in their order at the line's home, not ahead of them.
 * GIVEN the adjacent-line prefetcher (read buddies for read triggers, `steal`), a thread
 * on core 1 that takes line B with a locked RMW, a thread on core 2 that asks for B for
 * another RMW while core 1's request is in flight (it waits in B's FIFO), and then a
 * thread on core 0 that read-misses B's pair line A (its buddy prefetch asks for B),
 * WHEN they run,
 * THEN with `prefetch.queue: behind` (default) the prefetch is served after core 2's RMW:
 * core 2 keeps B shared with core 0; with `ahead` (ablation, the model before session
 * 10) it is served first and core 2's RMW then invalidates core 0's copy.
 * AND a thread whose miss finds its own core's prefetch queued for the line joins it: it
 * is served right behind the prefetch, before a core that queued after the prefetch
 * (with the ahead rule the prefetch has been served already and the thread queues at the
 * tail, after that core).
 * AND the prefetch's time in the FIFO is not counted as a demand wait of core 0's CPU
 * (that CPU's own read of A waits the same with either setting: A is in flight to core 1
 * as the buddy of its RMW).
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import type { PrefetchQueue } from '../src/model/machine-config.ts';
import { St } from '../src/model/vocab.ts';
import { Arena, type PlacedObject } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { RmwFn } from '../src/workload/ir.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { kibFor, smallConfig } from './helpers/machine.ts';

type Body = (b: ProgramBuilder, obj: PlacedObject) => void;
const readA: Body = (b, obj) => { b.read({ obj, role: 'pair', field: 'a' }); };
const rmwB: Body = (b, obj) => { b.rmw(RmwFn.Add, { obj, role: 'pair', field: 'b' }, 1); };

/**
 * One 128-B pair (A, B) on a small machine with `coresPerSocket` cores on one LLC and the
 * adjacent-line prefetcher (RFO buddies, `steal`); each thread waits `delay` cycles, runs
 * its accesses once and halts. Returns the machine, B's line and each thread's Done cycle.
 */
function scenario(queue: PrefetchQueue | undefined, coresPerSocket: number, threads: { cpu: number; delay: number; body: Body[] }[]) {
  const cfg = smallConfig({
    coresPerSocket, coresPerLlc: coresPerSocket,
    l1d: { kib: kibFor(16, 4), ways: 4, latCycles: 4 },
    l2: { kib: kibFor(64, 4), ways: 4, latCycles: 12 },
    llc: { kib: kibFor(256, 8), ways: 8, latNs: 40, inclusive: true },
    prefetch: { kind: 'adjacent-line', pairBytes: 128, buddyRequest: 'mirror', onOwned: 'steal', sharedBuddy: 'keep', ...(queue ? { queue } : {}) },
  });
  const m = new Machine(cfg, { sharedLines: 32, nSites: 8, check: true });
  const obj = new Arena(64).single('pair', { name: 'pair', size: 128, objectAlign: 128, typesafeByRcu: false, fields: [{ name: 'a', offset: 0, size: 8 }, { name: 'b', offset: 64, size: 8 }] }, 128);
  const sites = new SiteTable();
  const r = runThreads(m, threads.map((t) => {
    const b = new ProgramBuilder(sites).inPath('t');
    if (t.delay > 0) b.work(t.delay);
    for (const f of t.body) f(b, obj);
    return { cpu: t.cpu, program: b.done().halt().build() };
  }), { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [], recordDone: true });
  return { m, lineB: obj.base / 64 + 1, done: r.map((t) => t.doneAt![0]!) };
}

/** Core 1 takes B, core 2 queues for it, then core 0 read-misses A: B's state in cores 0, 1, 2 at the end. */
function run(queue?: PrefetchQueue) {
  const { m, lineB } = scenario(queue, 3, [{ cpu: 1, delay: 0, body: [rmwB] }, { cpu: 2, delay: 5, body: [rmwB] }, { cpu: 0, delay: 10, body: [readA] }]);
  return { m, b: [0, 1, 2].map((core) => m.dir.state(lineB, core)) };
}

/**
 * 6 cores on one socket: core 1 takes B (and A, its pair buddy); cores 2-4 queue for B;
 * core 0 read-misses A (served at cycle 180, after A's own trips as the others' pair
 * buddy), so its prefetch of B queues behind them; core 5 queues for B at 200; then core
 * 0 wants B for an RMW (220). Completion cycles of core 0's RMW and core 5's.
 */
function joinOrder(queue?: PrefetchQueue) {
  const { done } = scenario(queue, 6, [
    { cpu: 1, delay: 0, body: [rmwB] }, { cpu: 2, delay: 5, body: [rmwB] }, { cpu: 3, delay: 6, body: [rmwB] },
    { cpu: 4, delay: 7, body: [rmwB] }, { cpu: 0, delay: 150, body: [readA, rmwB] }, { cpu: 5, delay: 200, body: [rmwB] },
  ]);
  return { core0: done[4]!, core5: done[5]! };
}

describe('205 prefetches queue behind demand requests at the line home', () => {
  it('GIVEN queue behind WHEN core 0 misses B while its own prefetch of B waits THEN it is served before core 5, which queued after the prefetch; with ahead, after core 5', () => {
    const behind = joinOrder();
    expect(behind.core0).toBeLessThan(behind.core5);
    const ahead = joinOrder('ahead');
    expect(ahead.core0).toBeGreaterThan(ahead.core5);
  });

  it('GIVEN queue behind (default) THEN the prefetch is served after the waiting RMW: B ends shared by cores 0 and 2', () => {
    const { b } = run();
    expect(b).toEqual([St.S, St.I, St.S]);
    expect(run('behind').b).toEqual(b);
  });

  it('GIVEN queue ahead (ablation) THEN the prefetch is served first and the waiting RMW invalidates it: B ends M in core 2', () => {
    expect(run('ahead').b).toEqual([St.I, St.I, St.M]);
  });

  it('GIVEN queue behind THEN the prefetch\'s wait is not counted as a demand wait of CPU 0 (its own read of A waits as long as with ahead), while CPU 2\'s wait is', () => {
    const behind = run().m.stats, ahead = run('ahead').m.stats;
    expect(behind.cpuCounters(0, 0).queueCycles).toBe(ahead.cpuCounters(0, 0).queueCycles);
    expect(behind.cpuCounters(2, 2).queueCycles).toBeGreaterThan(0);
  });
});
