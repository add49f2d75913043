/**
 * Intel's DCU (L1D next-line) prefetcher: "fetches the next cache line into L1-D cache",
 * triggered by ascending access to recently loaded data (cpu-facts §7a, MSR 0x1A4 bit 2,
 * enabled by default on every listed generation [S]). Modelled on demand read fills only:
 * a load that misses line L requests L+1 (same 4-KiB page) as a read. NOTE: the model's
 * prefetches fill L2 and L1 alike; the DCU's target is L1 only.
 */
import type { Txn } from '../../protocol/txn.ts';
import { pageShiftOf, registerPrefetcher, type PrefetchIssuer, type Prefetcher } from '../registry.ts';

class DcuNextLine implements Prefetcher {
  readonly name = 'dcu-next-line';
  /** log2(pageLines): runs on every demand fill, so the page by a shift, not a division (lines are small non-negative integers) */
  private readonly pageShift: number;
  constructor(pageLines: number) { this.pageShift = pageShiftOf(pageLines); }
  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void {
    if (x.rfo) return; // loads only
    const next = x.line + 1;
    if (next >> this.pageShift === x.line >> this.pageShift) issuer.prefetch(x as Txn, next, false);
  }
}

registerPrefetcher({
  name: 'dcu-next-line',
  summary: 'L1D next-line on demand load misses (Intel DCU prefetcher)',
  make: (_cfg, lineBytes) => new DcuNextLine(Math.max(1, Math.floor(4096 / lineBytes))),
});
