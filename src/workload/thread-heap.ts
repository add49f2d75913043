/**
 * Binary min-heap of thread ids keyed by (clock, seeded rank drawn at each push).
 * Hot path of every simulation step: keys live in one typed array beside the ids
 * (keys[2i] the clock, keys[2i + 1] the rank of slot i: both halves of a comparison in
 * one cache line, no object loads while sifting) and sifting moves a hole instead of
 * swapping. A thread is in the heap at most once (run-threads.ts), so `capacity` =
 * thread count.
 */
import type { Rng } from '../util/rng.ts';

/** A boolean as 0/1, so a comparison can feed arithmetic instead of a branch. */
const bit = (b: boolean): number => b as unknown as number;

export class ThreadHeap {
  private ids: Int32Array;
  /** per slot i: keys[2i] its clock, keys[2i + 1] its rank */
  private keys: Float64Array;
  /** number of queued threads (a field, not a getter: read on every run-loop step) */
  size = 0;

  constructor(private readonly rng: Rng, capacity: number) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(2 * capacity);
  }

  minClock(): number { return this.keys[0]!; }

  /** Room for `capacity` threads (a run that adds timelines as it goes: prefetch-agent.ts). */
  grow(capacity: number): void {
    if (capacity <= this.ids.length) return;
    const ids = new Int32Array(capacity), keys = new Float64Array(2 * capacity);
    ids.set(this.ids); keys.set(this.keys);
    this.ids = ids; this.keys = keys;
  }

  /** Queue thread `id`, ready at `clock` (which must not change while it is queued). */
  push(id: number, clock: number): void {
    if (this.size === this.ids.length) throw new Error(`thread heap overflow: thread ${id} queued twice`);
    const rank = this.rng.next(); // seeded arbitration among threads ready at the same cycle
    const ids = this.ids, keys = this.keys;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pc = keys[2 * p]!, pr = keys[2 * p + 1]!;
      if (!(clock < pc || (clock === pc && rank < pr))) break;
      ids[i] = ids[p]!; keys[2 * i] = pc; keys[2 * i + 1] = pr;
      i = p;
    }
    ids[i] = id; keys[2 * i] = clock; keys[2 * i + 1] = rank;
  }

  /** Remove and return the id with the smallest (clock, rank). */
  pop(): number {
    const top = this.ids[0]!;
    const n = --this.size;
    if (n > 0) this.siftDown(this.ids[n]!, this.keys[2 * n]!, this.keys[2 * n + 1]!);
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
    const c0 = this.keys[0]!;
    if (clock < c0 || (clock === c0 && rank < this.keys[1]!)) return id;
    const top = this.ids[0]!;
    this.siftDown(id, clock, rank);
    return top;
  }

  /**
   * Fill the root's hole with (id, clock, rank), moving it down to its place. The smaller
   * child is picked by arithmetic on the comparisons, not by a branch: which child is
   * smaller is a coin toss (threads in step share clocks and differ by rank), and a
   * mispredicted branch per level was most of a sift (+25 % heap operations/s). The right
   * child wins only when strictly smaller, as before, so the array is the same.
   */
  private siftDown(id: number, clock: number, rank: number): void {
    const ids = this.ids, keys = this.keys, n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      if (l + 1 < n) {
        const lc = keys[2 * l]!, rc = keys[2 * l + 2]!;
        c = l + (bit(rc < lc) | (bit(rc === lc) & bit(keys[2 * l + 3]! < keys[2 * l + 1]!)));
      }
      const cc = keys[2 * c]!, cr = keys[2 * c + 1]!;
      if (!(cc < clock || (cc === clock && cr < rank))) break;
      ids[i] = ids[c]!; keys[2 * i] = cc; keys[2 * i + 1] = cr;
      i = c;
    }
    ids[i] = id; keys[2 * i] = clock; keys[2 * i + 1] = rank;
  }
}
