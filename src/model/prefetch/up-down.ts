/**
 * AMD's L2 up/down prefetcher: "fetch the next or previous line" from access history
 * (cpu-facts §7c). No fixed 128-B pair. Direction: the sign of the last two L2 misses'
 * distance within a 4-KiB page; next line when there is no history. Always a read.
 */
import type { Prefetcher } from './registry.ts';

export function upDown(_cfg: unknown, lineBytes: number, nCores: number): Prefetcher {
  const last = new Float64Array(nCores).fill(-1);
  const pageLines = Math.max(1, Math.floor(4096 / lineBytes));
  return {
    name: 'up-down',
    onL2Fill(core, line, _rfo, time, site, issuer) {
      const prev = last[core]!;
      last[core] = line;
      const samePage = prev >= 0 && Math.floor(prev / pageLines) === Math.floor(line / pageLines);
      const dir = samePage && prev > line ? -1 : 1;
      const target = line + dir;
      if (target >= 0 && Math.floor(target / pageLines) === Math.floor(line / pageLines)) {
        issuer.prefetch(core, target, false, time, site);
      }
    },
  };
}
