/** No L2 prefetcher (BIOS "adjacent cache line prefetch: disabled"). */
import { registerPrefetcher, type Prefetcher } from '../registry.ts';

class NoPrefetcher implements Prefetcher {
  readonly name = 'none';
  onL2Fill(): void {}
}

registerPrefetcher({ name: 'none', summary: 'no L2 prefetcher', make: () => new NoPrefetcher() });
