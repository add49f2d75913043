/** True LRU with a per-cache stamp counter (exact, and cheap with ≤ 20 ways). */
import type { ReplacementPolicy } from './registry.ts';

// A class, not a closure per cache: every cache then shares one set of methods, so the
// call sites in SetAssoc stay monomorphic and get inlined.
class Lru implements ReplacementPolicy {
  readonly name = 'lru';
  private clock = 1;
  touch(meta: Uint32Array, slot: number): void { meta[slot] = this.clock++; }
  insert(meta: Uint32Array, slot: number): void { meta[slot] = this.clock++; }
  victim(meta: Uint32Array, base: number, ways: number): number {
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
