/**
 * AMD's L2 up/down prefetcher: "fetch the next or previous line" from access history
 * (cpu-facts §7c). No fixed 128-B pair. Direction: the sign of the last two L2 misses'
 * distance within a 4-KiB page; next line when there is no history. Always a read.
 */
import type { Txn } from '../../protocol/txn.ts';
import { registerPrefetcher, type PrefetchIssuer, type Prefetcher } from '../registry.ts';

// A class, not a closure per machine: see adjacent-line.
class UpDown implements Prefetcher {
  readonly name = 'up-down';
  private readonly last: Float64Array;
  private readonly pageLines: number;
  constructor(lineBytes: number, nCores: number) {
    this.last = new Float64Array(nCores).fill(-1);
    this.pageLines = Math.max(1, Math.floor(4096 / lineBytes));
  }

  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void {
    const pageLines = this.pageLines, core = x.core, line = x.line;
    const prev = this.last[core]!;
    this.last[core] = line;
    const samePage = prev >= 0 && Math.floor(prev / pageLines) === Math.floor(line / pageLines);
    const dir = samePage && prev > line ? -1 : 1;
    const target = line + dir;
    if (target >= 0 && Math.floor(target / pageLines) === Math.floor(line / pageLines)) {
      issuer.prefetch(x as Txn, target, false);
    }
  }
}

registerPrefetcher({
  name: 'up-down',
  summary: 'next or previous line by the direction of the last two misses in the page (AMD L2)',
  make: (_cfg, lineBytes, nCores) => new UpDown(lineBytes, nCores),
});
