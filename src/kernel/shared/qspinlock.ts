/**
 * The kernel's queued spinlock (kernel/locking/qspinlock.c) as a program: a fast-path
 * cmpxchg when the lock word is free and nobody queues; otherwise an MCS queue of per-CPU
 * nodes, where each waiter spins on its own node's line and only the queue head spins on
 * the lock word. The lock holder's line traffic therefore follows from the protocol: one
 * transfer of the lock line per hand-off plus the MCS node hand-off, not a storm of
 * spinners. Simplification: the locked byte and the tail are two words of one line (the
 * kernel packs them, with the pending byte, into one 32-bit word); the pending-bit
 * shortcut is left out, so the second contender queues at once.
 */
import type { PlacedObject } from '../../workload/arena.ts';
import type { ProgramBuilder } from '../../workload/builder.ts';
import { Cond, RmwFn } from '../../workload/ir.ts';

export const QSPINLOCK_LAYOUT = {
  name: 'qspinlock', size: 8, objectAlign: 4, typesafeByRcu: false,
  fields: [{ name: 'locked', offset: 0, size: 4 }, { name: 'tail', offset: 4, size: 4 }],
};
/** struct qnode: one per CPU, on its own line (per-CPU data) */
export const QNODE_LAYOUT = {
  name: 'qnode', size: 64, objectAlign: 64, typesafeByRcu: false,
  fields: [{ name: 'locked', offset: 0, size: 4 }, { name: 'next', offset: 8, size: 4 }],
};

export interface SpinLock {
  /** the object holding the lock words, and the field names of its locked / tail words */
  obj: PlacedObject;
  role: string;
  locked: string;
  tail: string;
}

export interface QContext {
  tid: number;
  /** every thread's MCS node, by thread id */
  qnodes: PlacedObject[];
  /** cycles of one cpu_relax() (PAUSE) between polls: the profile's pauseCycles */
  pauseCycles: number;
}

/** Byte distance between consecutive objects of `objs`, which must be evenly spaced (indexed access). */
export function strideOf(objs: readonly PlacedObject[]): number {
  if (objs.length < 2) return 0;
  const st = objs[1]!.base - objs[0]!.base;
  for (let i = 2; i < objs.length; i++) {
    if (objs[i]!.base - objs[i - 1]!.base !== st) throw new Error(`${objs[0]!.name}…: objects are not evenly spaced`);
  }
  return st;
}

/** Spin (reading `ref` into `r`, a PAUSE between reads) until `cond(r, v)` holds. */
function spinUntil(b: ProgramBuilder, ref: { obj: PlacedObject; role: string; field: string }, r: string, cond: Cond, v: number, pause: number): void {
  const loop = b.fresh('spin'), out = b.fresh('spun');
  b.spinHint(true).label(loop);
  b.read(ref, r);
  b.br(r, cond, v, out);
  b.work(pause);
  b.jmp(loop);
  b.label(out).spinHint(false);
}

/** queued_spin_lock */
export function emitSpinLock(b: ProgramBuilder, L: SpinLock, q: QContext): void {
  const me = q.tid + 1, got = b.fresh('qs_got'), slow = b.fresh('qs_slow'), head = b.fresh('qs_head');
  const lk = { obj: L.obj, role: L.role, field: L.locked }, tl = { obj: L.obj, role: L.role, field: L.tail };
  const node = (i: number, field: string) => ({ obj: q.qnodes[i]!, role: 'qnode', field });
  // fast path: nobody queued and the lock free → cmpxchg 0 → 1
  b.read(tl, 'qs_t');
  b.br('qs_t', Cond.Ne, 0, slow);
  b.cas(lk, 0, 1, 'qs_old');
  b.br('qs_old', Cond.Eq, 0, got);
  // slow path: join the MCS queue
  b.label(slow);
  b.write(node(q.tid, 'locked'), 0);
  b.write(node(q.tid, 'next'), 0);
  b.rmw(RmwFn.Xchg, tl, me, 'qs_prev');
  b.br('qs_prev', Cond.Eq, 0, head);
  b.set('qs_ix', b.r('qs_prev')).add('qs_ix', -1);
  b.writeIndexed(node(0, 'next'), 'qs_ix', strideOf(q.qnodes), me); // prev->next = me
  spinUntil(b, node(q.tid, 'locked'), 'qs_l', Cond.Ne, 0, q.pauseCycles);
  // queue head: wait for the lock word, take it
  b.label(head);
  const take = b.fresh('qs_take');
  b.label(take);
  spinUntil(b, lk, 'qs_v', Cond.Eq, 0, q.pauseCycles);
  b.cas(lk, 0, 1, 'qs_o');
  b.br('qs_o', Cond.Ne, 0, take);
  // leave the queue: clear the tail if it is still us, else pass the head to our successor
  b.cas(tl, me, 0, 'qs_tt');
  b.br('qs_tt', Cond.Eq, me, got);
  spinUntil(b, node(q.tid, 'next'), 'qs_n', Cond.Ne, 0, q.pauseCycles);
  b.set('qs_ix', b.r('qs_n')).add('qs_ix', -1);
  b.writeIndexed(node(0, 'locked'), 'qs_ix', strideOf(q.qnodes), 1); // next->locked = 1: hand over the queue head
  b.label(got);
}

/** queued_spin_unlock: a release store of the locked byte */
export function emitSpinUnlock(b: ProgramBuilder, L: SpinLock): void {
  b.write({ obj: L.obj, role: L.role, field: L.locked }, 0);
}
