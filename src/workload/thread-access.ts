/**
 * A thread's memory access as the arbiter allows it, and the TSO store buffer's two
 * sides: a thread retiring a store into it, and the drainer committing it. The run loop
 * (run-threads.ts) calls these; the arbiter (src/model/arbiter.ts) decides every race.
 */
import { QUEUED, REQUEUE } from '../model/arbiter.ts';
import type { StoreBuffer } from '../model/store-buffer/store-buffer.ts';
import { Access } from '../model/vocab.ts';
import { BLOCKED_QUEUED, BLOCKED_REQUEUE, SB_EMPTY, SB_FULL, SB_NONE, type Ctx, type SimThread } from './sim-thread.ts';

const ACC_WRITE = Access.Write;


/**
 * Perform `t`'s access at t.clock as the arbiter allows (`line`: lineOf(addr), which the
 * callers have already computed): the completion cycle, or
 * BLOCKED_REQUEUE (t.clock moved to when the line frees: re-run then) or BLOCKED_QUEUED
 * (t waits in the line's FIFO and is woken by the arbiter's answer to another thread).
 * `hitTried`: the caller already found the access a miss on a line with an empty FIFO
 * (accessIfHit returned -1), so it is not classified again.
 */
export function memAccess(c: Ctx, t: SimThread, addr: number, line: number, kind: Access, site: number, own: boolean, hitTried = false): number {
  const m = c.m, arb = m.arb;
  let woken = -1;
  if (m.isShared(line)) {
    // A hit neither waits nor touches the line's FIFO (unless this thread heads it):
    // try that first, classified once by the machine.
    const first = arb.first(line);
    // A hit bypasses the FIFO unless the head's snoop is already due at this core (arbiter.ts).
    if (first !== t.id && (first < 0 ? !hitTried : !arb.headDue(line, t.clock))) {
      const done = m.accessIfHit(t.cpu, line, addr, kind, site, t.clock, own);
      if (done >= 0) return done;
    }
    const w = arb.admit(t.id, t.cpu, t.clock, line, first === t.id && m.isHit(t.cpu, line, kind, own));
    if (w === REQUEUE) { t.clock = arb.readyAt; return BLOCKED_REQUEUE; }
    if (w === QUEUED) return BLOCKED_QUEUED;
    woken = arb.woken;
  }
  const done = m.access(t.cpu, addr, kind, site, t.clock, own);
  // The next head's snoop is forwarded when the served access has brought the line to
  // its core: wake it only after that access, so its due cycle counts from this arrival
  // (a due computed from the previous arrival would make the new holder's very next hits
  // queue behind it). The served access may still re-busy the line; the head re-checks
  // when it runs. (One call site for the access, and the wake apart: this function stays
  // small enough to be inlined into the run loop; see util/v8-tuning.ts.)
  if (woken >= 0) wakeHead(c, line, woken);
  return done;
}

/**
 * A store or locked RMW of `t` on shared `line`: when its core-mate's locked RMW holds the
 * line after t.clock, t.clock moves to the lock's end and true is returned (re-run then,
 * ordered like any access from there); false: go on (another core's lock is the busy
 * clock's business). Kept out of memAccess,
 * which must stay small enough to be inlined into the run loop (util/v8-tuning.ts).
 */
export function siblingLockWait(c: Ctx, t: SimThread, line: number): boolean {
  const u = c.m.arb.locks.until(line, c.m.topo.coreOfCpu[t.cpu]!, t.clock);
  if (!(u > t.clock)) return false;
  t.clock = u;
  return true;
}

/** Schedule thread `n`, the new head of `line`'s FIFO, at the cycle the arbiter gives it. */
export function wakeHead(c: Ctx, line: number, n: number): void {
  const nt = c.ts[n]!;
  nt.clock = c.m.arb.wake(line, nt.clock);
  c.heap.push(n, nt.clock);
}

/** `t` retires a plain store into its buffer; false when the buffer is full (t waits, off the heap). */
export function sbStore(c: Ctx, t: SimThread, sb: StoreBuffer, addr: number, v: number, site: number): boolean {
  const old = c.m.observed ? (sb.peek(addr) ?? c.m.load(addr)) : 0;
  if (!sb.push(addr, v, site)) { t.sbWait = SB_FULL; return false; }
  if (c.m.observed) c.m.retired(t.cpu, site, addr, old, v);
  t.clock += c.storeCycles;
  const d = t.drainer!;
  if (d.sbWait !== SB_NONE) {
    // The store's ownership request reaches the home and the other holders a hop later
    // (snoopLead): until then their copies stay valid, which is what makes TSO's
    // store→load reordering observable (litmus SB, test/150).
    // A store to a line the core owns (M/E) commits at once; otherwise its ownership
    // request goes out now and reaches the others a hop later.
    const m = c.m, owned = m.isShared(m.lineOf(addr)) && m.isHit(t.cpu, m.lineOf(addr), ACC_WRITE);
    d.sbWait = SB_NONE;
    d.clock = Math.max(d.clock, t.clock + (owned ? 0 : m.lat.snoopLead));
    c.heap.push(d.id, d.clock);
  }
  return true;
}

/**
 * One turn of drainer `d`: commit the buffer's oldest store once its line is owned, and
 * with it every following store to the same line (one ownership grant commits them all).
 * Returns true to run again at d.clock; false when idle or waiting in a line's FIFO.
 */
export function drainTurn(c: Ctx, d: SimThread): boolean {
  const sb = d.sb!, m = c.m, o = d.owner!;
  if (sb.count === 0) { d.sbWait = 1; return false; }
  const addr = sb.headAddr(), line = m.lineOf(addr);
  if (d.pc === 0) {
    // Phase 1: the oldest store's ownership request, ordered by the arbiter like any access
    // (after the core-mate's locked RMW on the line, if one holds it).
    if (m.isShared(line) && siblingLockWait(c, d, line)) return true;
    const done = memAccess(c, d, addr, line, ACC_WRITE, sb.headSite(), false);
    if (done < 0) return done === BLOCKED_REQUEUE;
    d.clock = done;
    d.pc = 1;
    return true;
  }
  // Phase 2, at the cycle ownership arrived: the value becomes visible, and the rest of
  // the run on this line commits on the same grant, one store per storeCycles, until the
  // next waiter's snoop is due (arbiter.ts: ownership after arrival, by timing): a run of
  // commits is not atomic, so the line leaves in the middle of it like after any hit.
  d.pc = 0;
  m.store(addr, sb.headValue()); // observers heard of the store when it retired
  sb.shift();
  let burst = false;
  const shared = m.isShared(line);
  while (sb.count > 0 && m.lineOf(sb.headAddr()) === line && m.isHit(d.cpu, line, ACC_WRITE) && !(shared && m.arb.headDue(line, d.clock))) {
    m.access(d.cpu, sb.headAddr(), ACC_WRITE, sb.headSite(), d.clock);
    d.clock += c.storeCycles;
    m.store(sb.headAddr(), sb.headValue());
    sb.shift();
    burst = true;
  }
  if (burst && shared) m.arb.occupy(line, d.clock);
  if ((o.sbWait === SB_FULL && !sb.full) || (o.sbWait === SB_EMPTY && sb.count === 0)) {
    o.sbWait = SB_NONE;
    o.clock = Math.max(o.clock, d.clock);
    c.heap.push(o.id, o.clock);
  }
  if (sb.count === 0) { d.sbWait = 1; return false; }
  return true;
}
