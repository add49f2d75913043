/**
 * Queued prefetches (profile prefetch.queue `behind`): an L2 prefetch of a line whose home
 * already has demand requests waiting for it is served after them, in the same FIFO
 * (arbiter.ts), as requests to one address are served in order at their home; it does
 * not overtake them when the line next frees (`ahead`, the ablation). Each queued
 * prefetch is carried by an agent: a timeline of its own, like a store buffer's drainer,
 * that waits in the FIFO and, at its turn, runs the prefetch as if just issued (from the
 * requesting core, whose SMT siblings' requests it may join like theirs join each other).
 * Agents are made as needed and reused once idle; their registers hold the request
 * (line, -1 when idle; rfo; site; its cpu is the record's). There is no limit on queued prefetches.
 */
import { QUEUED, REQUEUE } from '../model/arbiter.ts';
import type { Txn } from '../model/protocol/txn.ts';
import { newThread, SB_NONE, type Ctx, type SimThread } from './sim-thread.ts';
import { wakeHead } from './thread-access.ts';

const LINE = 0, RFO = 1, SITE = 2;

/** Install the controller's deferral hook for run `c`. */
export function queuePrefetches(c: Ctx): void {
  const m = c.m, arb = m.arb, idle = c.idleAgents;
  const anyThread = c.ts[0]!;
  m.ctl.deferPrefetch = (x: Txn): void => {
    let a = idle.pop();
    if (a === undefined) {
      a = newThread(c.ts.length, anyThread.spec, [], new Float64Array(3), 0, anyThread.rng, null, anyThread, SB_NONE);
      c.ts.push(a);
      c.heap.grow(c.ts.length);
      arb.grow(c.ts.length);
    }
    const r = a.regs;
    r[LINE] = x.line; r[RFO] = x.rfo ? 1 : 0; r[SITE] = x.site;
    a.cpu = x.cpu;
    a.clock = x.now;
    arb.uncounted(a.id);
    // The line's FIFO is not empty (the controller asked), so the agent queues behind it.
    if (arb.admit(a.id, x.cpu, x.now, x.line, false) !== QUEUED) throw new Error(`queued prefetch of core ${x.core}: line ${x.line} has no waiters`);
  };
}

/**
 * One turn of agent `a`, woken as its line's FIFO head: once the line is free its
 * prefetch runs (the cell is looked up now, so a line that reached the core meanwhile is
 * not fetched again) and the next waiter is woken. Returns true to run again at a.clock.
 */
export function prefetchTurn(c: Ctx, a: SimThread): boolean {
  const m = c.m, arb = m.arb, r = a.regs, line = r[LINE]!;
  arb.uncounted(a.id);
  const w = arb.admit(a.id, a.cpu, a.clock, line, false);
  if (w === REQUEUE) { a.clock = arb.readyAt; return true; }
  if (w === QUEUED) return false;
  const woken = arb.woken;
  m.ctl.prefetchQueued(a.cpu, m.topo.coreOfCpu[a.cpu]!, line, r[RFO] === 1, r[SITE]!, a.clock);
  r[LINE] = -1;
  c.idleAgents.push(a);
  if (woken >= 0) wakeHead(c, line, woken);
  return false;
}
