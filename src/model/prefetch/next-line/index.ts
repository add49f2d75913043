/**
 * Next-line prefetcher: every demand L2 fill of line L requests L+1 within the same
 * 4-KiB page (ChampSim's `next_line`). Intel's "adjacent line" prefetcher has this shape
 * from Ice Lake on (FetchBench, CCS 2023 artifact: "since Intel Ice Lake" accessing A
 * fetches B and accessing B fetches C, not A; mechanisms.md §2.2), where earlier parts
 * complete the 128-B block (adjacent-line). The request is an RFO when the trigger was
 * one and `buddyRequest` is `mirror`, and a line already held is left alone unless
 * `sharedBuddy` is `upgrade`, as for adjacent-line.
 */
import type { Txn } from '../../protocol/txn.ts';
import { registerPrefetcher, type PrefetchIssuer, type Prefetcher } from '../registry.ts';

class NextLine implements Prefetcher {
  readonly name = 'next-line';
  constructor(private readonly pageLines: number, private readonly mirror: boolean, private readonly upgrade: boolean) {}
  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void {
    const next = x.line + 1;
    if (Math.floor(next / this.pageLines) !== Math.floor(x.line / this.pageLines)) return;
    const rfo = this.mirror && x.rfo;
    if (rfo && !this.upgrade && issuer.holds(x.core, next)) return;
    issuer.prefetch(x as Txn, next, rfo);
  }
}

registerPrefetcher({
  name: 'next-line',
  summary: 'requests line+1 (same 4-KiB page) on every demand L2 fill (Intel adjacent-line shape from Ice Lake on)',
  make: (cfg, lineBytes) => new NextLine(
    Math.max(1, Math.floor(4096 / lineBytes)), cfg.buddyRequest === 'mirror', cfg.sharedBuddy === 'upgrade'),
});
