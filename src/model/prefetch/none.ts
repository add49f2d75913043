/** No L2 prefetcher (BIOS "adjacent cache line prefetch: disabled"). */
import type { Prefetcher } from './registry.ts';

class NoPrefetcher implements Prefetcher {
  readonly name = 'none';
  onL2Fill(): void {}
}

export function nonePrefetcher(): Prefetcher {
  return new NoPrefetcher();
}
