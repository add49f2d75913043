/**
 * True LRU with one stamp counter per tag store (exact, and cheap with ≤ 20 ways). The
 * banks of a store share the counter: stamps only compare within a set of one bank, where
 * they still order the touches. Float64 stamps are exact to 2^53 touches.
 */
import type { ReplacementPolicy } from './registry.ts';

// A class, not a closure per cache: every cache then shares one set of methods, so the
// call sites in SetAssoc stay monomorphic and get inlined.
class Lru implements ReplacementPolicy {
  readonly name = 'lru';
  private clock = 1;
  touch(meta: Float64Array, slot: number): void { meta[slot] = this.clock++; }
  insert(meta: Float64Array, slot: number): void { meta[slot] = this.clock++; }
  victim(meta: Float64Array, base: number, ways: number): number {
    let best = base, min = meta[base]!;
    for (let w = 1; w < ways; w++) {
      const m = meta[base + w]!;
      if (m < min) { min = m; best = base + w; }
    }
    return best;
  }
}

export function lru(): ReplacementPolicy {
  return new Lru();
}
