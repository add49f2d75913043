/** No L2 prefetcher (BIOS "adjacent cache line prefetch: disabled"). */
import type { Prefetcher } from './registry.ts';

export function nonePrefetcher(): Prefetcher {
  return { name: 'none', onL2Fill() {} };
}
