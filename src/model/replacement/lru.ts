/** True LRU with a per-cache stamp counter (exact, and cheap with ≤ 20 ways). */
import type { ReplacementPolicy } from './registry.ts';

export function lru(): ReplacementPolicy {
  let clock = 1;
  return {
    name: 'lru',
    touch(meta, slot) { meta[slot] = clock++; },
    insert(meta, slot) { meta[slot] = clock++; },
    victim(meta, base, ways) {
      let best = base, min = meta[base]!;
      for (let w = 1; w < ways; w++) {
        const m = meta[base + w]!;
        if (m < min) { min = m; best = base + w; }
      }
      return best;
    },
  };
}
