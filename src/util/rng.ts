/** Seeded random numbers (pure-rand's xoroshiro128+), as floats in [0,1) and ints. */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export class Rng {
  private readonly g;
  // NOTE: xoroshiro128+ seeded with nearby small integers gives nearly equal first
  // outputs (seeds 1..4 all drew ≈ 0.99999 first), so per-thread jitter was the same in
  // every seed and thread. The seed is scrambled (deriveSeed's hash) first.
  constructor(seed: number) { this.g = xoroshiro128plus(deriveSeed(seed, 0x9e3779b9)); }
  /** uniform in [0, 1) */
  next(): number { return (this.g.next() >>> 0) / 4294967296; }
  /** uniform integer in [0, n) */
  int(n: number): number { return Math.floor(this.next() * n); }
}

/** Derive a child seed (iteration i of a point, thread t, ...) from a parent seed. */
export function deriveSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h ^= p | 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 15;
  }
  return h | 0;
}
