/**
 * Binary min-heap of thread ids keyed by (clock, seeded rank drawn at each push).
 * Hot path of every simulation step: keys live in typed arrays beside the ids (no
 * object loads while sifting) and sifting moves a hole instead of swapping.
 * A thread is in the heap at most once (run-threads.ts), so `capacity` = thread count.
 */
import type { Rng } from '../util/rng.ts';

export class ThreadHeap {
  private readonly ids: Int32Array;
  private readonly clocks: Float64Array;
  private readonly ranks: Float64Array;
  /** number of queued threads (a field, not a getter: read on every run-loop step) */
  size = 0;

  constructor(private readonly rng: Rng, capacity: number) {
    this.ids = new Int32Array(capacity);
    this.clocks = new Float64Array(capacity);
    this.ranks = new Float64Array(capacity);
  }

  minClock(): number { return this.clocks[0]!; }

  /** Queue thread `id`, ready at `clock` (which must not change while it is queued). */
  push(id: number, clock: number): void {
    if (this.size === this.ids.length) throw new Error(`thread heap overflow: thread ${id} queued twice`);
    const rank = this.rng.next(); // seeded arbitration among threads ready at the same cycle
    const ids = this.ids, clocks = this.clocks, ranks = this.ranks;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pc = clocks[p]!;
      if (!(clock < pc || (clock === pc && rank < ranks[p]!))) break;
      ids[i] = ids[p]!; clocks[i] = pc; ranks[i] = ranks[p]!;
      i = p;
    }
    ids[i] = id; clocks[i] = clock; ranks[i] = rank;
  }

  /** Remove and return the id with the smallest (clock, rank). */
  pop(): number {
    const top = this.ids[0]!;
    const n = --this.size;
    if (n > 0) this.siftDown(this.ids[n]!, this.clocks[n]!, this.ranks[n]!);
    return top;
  }

  /**
   * `push(id, clock)` then `pop()` in one sift (the run loop re-queues the thread it ran,
   * then takes the earliest): the same rank draw, and the same result whenever the
   * (clock, rank) keys differ. A key equal to the top's stays below it, as with push.
   */
  pushPop(id: number, clock: number): number {
    const rank = this.rng.next(); // seeded arbitration among threads ready at the same cycle
    if (this.size === 0) return id;
    const c0 = this.clocks[0]!;
    if (clock < c0 || (clock === c0 && rank < this.ranks[0]!)) return id;
    const top = this.ids[0]!;
    this.siftDown(id, clock, rank);
    return top;
  }

  /** Fill the root's hole with (id, clock, rank), moving it down to its place. */
  private siftDown(id: number, clock: number, rank: number): void {
    const ids = this.ids, clocks = this.clocks, ranks = this.ranks, n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && (clocks[r]! < clocks[l]! || (clocks[r] === clocks[l] && ranks[r]! < ranks[l]!))) c = r;
      const cc = clocks[c]!;
      if (!(cc < clock || (cc === clock && ranks[c]! < rank))) break;
      ids[i] = ids[c]!; clocks[i] = cc; ranks[i] = ranks[c]!;
      i = c;
    }
    ids[i] = id; clocks[i] = clock; ranks[i] = rank;
  }
}
