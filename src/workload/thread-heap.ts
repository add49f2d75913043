/** Binary min-heap of threads keyed by (clock, seeded rank drawn at each push). */
import type { Rng } from '../util/rng.ts';
import type { SimThread } from './run-threads.ts';

export class ThreadHeap {
  private readonly a: SimThread[] = [];
  constructor(private readonly rng: Rng) {}

  get size(): number { return this.a.length; }

  push(t: SimThread): void {
    t.rank = this.rng.next(); // seeded arbitration among threads ready at the same cycle
    const a = this.a;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): SimThread {
    const a = this.a, top = a[0]!, last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let s = i;
        if (l < a.length && less(a[l]!, a[s]!)) s = l;
        if (r < a.length && less(a[r]!, a[s]!)) s = r;
        if (s === i) break;
        [a[i], a[s]] = [a[s]!, a[i]!];
        i = s;
      }
    }
    return top;
  }
}

function less(x: SimThread, y: SimThread): boolean {
  return x.clock < y.clock || (x.clock === y.clock && x.rank < y.rank);
}
