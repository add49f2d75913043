/**
 * AMD's L2 up/down prefetcher: "fetch the next or previous line" from access history
 * (cpu-facts §7c). No fixed 128-B pair. Direction: the sign of the last two L2 misses'
 * distance within a 4-KiB page; next line when there is no history. Always a read.
 */
import type { PrefetchIssuer, Prefetcher } from './registry.ts';

// A class, not a closure per machine: see adjacent-line.ts.
class UpDown implements Prefetcher {
  readonly name = 'up-down';
  private readonly last: Float64Array;
  private readonly pageLines: number;
  constructor(lineBytes: number, nCores: number) {
    this.last = new Float64Array(nCores).fill(-1);
    this.pageLines = Math.max(1, Math.floor(4096 / lineBytes));
  }

  onL2Fill(core: number, line: number, _rfo: boolean, time: number, site: number, issuer: PrefetchIssuer): void {
    const pageLines = this.pageLines;
    const prev = this.last[core]!;
    this.last[core] = line;
    const samePage = prev >= 0 && Math.floor(prev / pageLines) === Math.floor(line / pageLines);
    const dir = samePage && prev > line ? -1 : 1;
    const target = line + dir;
    if (target >= 0 && Math.floor(target / pageLines) === Math.floor(line / pageLines)) {
      issuer.prefetch(core, target, false, time, site);
    }
  }
}

export function upDown(_cfg: unknown, lineBytes: number, nCores: number): Prefetcher {
  return new UpDown(lineBytes, nCores);
}
