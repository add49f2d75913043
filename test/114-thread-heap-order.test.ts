/**
 * SCENARIO: the run loop's ThreadHeap (typed-array keys, branch-free child choice) orders
 * threads exactly as a plain top-down binary heap on (clock, rank) does, ties included,
 * so a faster heap cannot change which thread runs next (results stay byte-identical).
 * GIVEN seeded random sequences of push, pop and pushPop on up to 56 threads, with clocks
 * from a few values and ranks drawn from a stub generator with only 4 values (so equal
 * (clock, rank) keys are common, which real 32-bit ranks make rare but possible),
 * WHEN the same sequence runs on ThreadHeap and on the reference heap below,
 * THEN every popped id, every minClock and every size agree.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/util/rng.ts';
import { ThreadHeap } from '../src/workload/thread-heap.ts';

/** Ranks from {0, .25, .5, .75}, seeded: ties on purpose. */
class CoarseRng extends Rng {
  override next(): number { return Math.floor(super.next() * 4) / 4; }
}

/** The reference: a top-down binary heap of {id, clock, rank} records (the ordering rule of runThreads). */
class RefHeap {
  a: { id: number; clock: number; rank: number }[] = [];
  constructor(private readonly rng: Rng) {}
  private less(x: { clock: number; rank: number }, y: { clock: number; rank: number }): boolean {
    return x.clock < y.clock || (x.clock === y.clock && x.rank < y.rank);
  }
  push(id: number, clock: number): void {
    const e = { id, clock, rank: this.rng.next() };
    let i = this.a.length;
    this.a.push(e);
    while (i > 0) { const p = (i - 1) >> 1; if (!this.less(e, this.a[p]!)) break; this.a[i] = this.a[p]!; i = p; }
    this.a[i] = e;
  }
  pop(): number {
    const top = this.a[0]!.id, last = this.a.pop()!;
    if (this.a.length > 0) this.down(last);
    return top;
  }
  pushPop(id: number, clock: number): number {
    const e = { id, clock, rank: this.rng.next() };
    if (this.a.length === 0 || this.less(e, this.a[0]!)) return id;
    const top = this.a[0]!.id;
    this.down(e);
    return top;
  }
  private down(e: { id: number; clock: number; rank: number }): void {
    const a = this.a, n = a.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && this.less(a[l + 1]!, a[l]!) ? l + 1 : l;
      if (!this.less(a[c]!, e)) break;
      a[i] = a[c]!; i = c;
    }
    a[i] = e;
  }
}

describe('ThreadHeap', () => {
  it('pops in the same order as a top-down binary heap, ties included', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const n = 1 + (seed * 7) % 56;
      const h = new ThreadHeap(new CoarseRng(seed), n), ref = new RefHeap(new CoarseRng(seed));
      const ops = new Rng(1000 + seed), queued = new Set<number>(), clock = new Float64Array(n);
      for (let id = 0; id < n; id++) { h.push(id, 0); ref.push(id, 0); queued.add(id); }
      let running = -1, ties = 0;
      for (let step = 0; step < 4000; step++) {
        if (running >= 0) {
          clock[running]! += [0, 4, 4, 200][ops.int(4)]!; // few distinct clocks: ties
          const r = ops.next();
          if (r < 0.8) { const a = h.pushPop(running, clock[running]!); expect(a).toBe(ref.pushPop(running, clock[running]!)); queued.add(running); running = a; }
          else if (r < 0.9 || h.size === 0) { h.push(running, clock[running]!); ref.push(running, clock[running]!); queued.add(running); running = -1; }
          else { running = -1; } // it waits elsewhere (off the heap) and is pushed back later
          if (running >= 0) queued.delete(running);
        } else if (h.size > 0) {
          running = h.pop();
          expect(running).toBe(ref.pop());
          queued.delete(running);
        } else break;
        expect(h.size).toBe(ref.a.length);
        if (h.size > 0) {
          expect(h.minClock()).toBe(ref.a[0]!.clock);
          if (ref.a.length > 1 && ref.a[1]!.clock === ref.a[0]!.clock && ref.a[1]!.rank === ref.a[0]!.rank) ties++;
        }
        // a waiting thread (not running, not queued) comes back now and then
        if (running < 0 && queued.size < n && ops.next() < 0.5) {
          for (let id = 0; id < n; id++) if (!queued.has(id)) { h.push(id, clock[id]!); ref.push(id, clock[id]!); queued.add(id); break; }
        }
      }
      if (n > 8) expect(ties).toBeGreaterThan(0); // the ties the test is about did happen
    }
  });
});
