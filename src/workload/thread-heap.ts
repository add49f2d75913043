/**
 * Binary min-heap of threads keyed by (clock, seeded rank drawn at each push).
 * Hot path of every simulation step: sift with a hole instead of swaps.
 */
import type { Rng } from '../util/rng.ts';
import type { SimThread } from './run-threads.ts';

export class ThreadHeap {
  private readonly a: SimThread[] = [];
  constructor(private readonly rng: Rng) {}

  get size(): number { return this.a.length; }

  minClock(): number { return this.a[0]!.clock; }

  push(t: SimThread): void {
    t.rank = this.rng.next(); // seeded arbitration among threads ready at the same cycle
    const a = this.a;
    let i = a.length;
    a.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const q = a[p]!;
      if (!less(t, q)) break;
      a[i] = q;
      i = p;
    }
    a[i] = t;
  }

  pop(): SimThread {
    const a = this.a, top = a[0]!, last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && less(a[r]!, a[l]!) ? r : l;
        if (!less(a[c]!, last)) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function less(x: SimThread, y: SimThread): boolean {
  return x.clock < y.clock || (x.clock === y.clock && x.rank < y.rank);
}
