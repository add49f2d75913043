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
  private n = 0;

  constructor(private readonly rng: Rng, capacity: number) {
    this.ids = new Int32Array(capacity);
    this.clocks = new Float64Array(capacity);
    this.ranks = new Float64Array(capacity);
  }

  get size(): number { return this.n; }

  minClock(): number { return this.clocks[0]!; }

  /** Queue thread `id`, ready at `clock` (which must not change while it is queued). */
  push(id: number, clock: number): void {
    if (this.n === this.ids.length) throw new Error(`thread heap overflow: thread ${id} queued twice`);
    const rank = this.rng.next(); // seeded arbitration among threads ready at the same cycle
    const ids = this.ids, clocks = this.clocks, ranks = this.ranks;
    let i = this.n++;
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
    const ids = this.ids, clocks = this.clocks, ranks = this.ranks;
    const top = ids[0]!;
    const n = --this.n;
    if (n > 0) {
      const lastId = ids[n]!, lastClock = clocks[n]!, lastRank = ranks[n]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && (clocks[r]! < clocks[l]! || (clocks[r] === clocks[l] && ranks[r]! < ranks[l]!))) c = r;
        const cc = clocks[c]!;
        if (!(cc < lastClock || (cc === lastClock && ranks[c]! < lastRank))) break;
        ids[i] = ids[c]!; clocks[i] = cc; ranks[i] = ranks[c]!;
        i = c;
      }
      ids[i] = lastId; clocks[i] = lastClock; ranks[i] = lastRank;
    }
    return top;
  }
}
