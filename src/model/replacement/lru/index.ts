/**
 * True LRU with one stamp counter per tag store (exact, and cheap with ≤ 20 ways). The
 * banks of a store share the counter: stamps only compare within a set of one bank, where
 * they still order the touches.
 *
 * Stamps are Uint32 (half the memory of Float64 for a 35 MiB LLC's 1.1 M slots). Before
 * the counter would pass 2^32 − 1, `renumber` replaces the stamps of every set by their
 * dense rank within the set: the order, the ties and so every future victim stay the same.
 */
import { registerReplacement, type ReplacementPolicy } from '../registry.ts';

/** the counter never reaches this (Uint32 max): renumber first */
const STAMP_LIMIT = 0xffffffff;

// A class, not a closure per cache: every cache then shares one set of methods, so the
// call sites in SetAssoc stay monomorphic and get inlined.
class Lru implements ReplacementPolicy {
  readonly name = 'lru';
  private clock = 1;
  private ways = 1;
  init(_meta: Uint32Array, ways: number): void { this.ways = ways; }
  touch(meta: Uint32Array, slot: number): void { meta[slot] = this.stamp(meta); }
  insert(meta: Uint32Array, slot: number): void { meta[slot] = this.stamp(meta); }
  victim(meta: Uint32Array, base: number, ways: number): number {
    let best = base, min = meta[base]!;
    for (let w = 1; w < ways; w++) {
      const m = meta[base + w]!;
      if (m < min) { min = m; best = base + w; }
    }
    return best;
  }

  /** For tests: continue counting from `clock` (exercise the renumbering). */
  setClock(clock: number): void { this.clock = clock; }

  private stamp(meta: Uint32Array): number {
    if (this.clock === STAMP_LIMIT) this.renumber(meta);
    return this.clock++;
  }

  /** Dense rank of each stamp within its set (1 = oldest); the counter restarts above. */
  private renumber(meta: Uint32Array): void {
    const ways = this.ways, order: number[] = [];
    for (let base = 0; base < meta.length; base += ways) {
      order.length = 0;
      for (let w = 0; w < ways; w++) order.push(meta[base + w]!);
      const distinct = [...new Set(order)].sort((a, b) => a - b);
      for (let w = 0; w < ways; w++) meta[base + w] = distinct.indexOf(order[w]!) + 1;
    }
    this.clock = ways + 1;
  }
}

export function lru(): ReplacementPolicy {
  return new Lru();
}

registerReplacement('lru', lru);
