/**
 * Next-line prefetcher: every demand L2 fill of line L requests L+1 within the same
 * 4-KiB page, as a read (the simplest spatial prefetcher; ChampSim's `next_line`). It is
 * here as a selectable `prefetch.kind` and as the proof that a prefetcher is one folder.
 */
import type { Txn } from '../../protocol/txn.ts';
import { registerPrefetcher, type PrefetchIssuer, type Prefetcher } from '../registry.ts';

class NextLine implements Prefetcher {
  readonly name = 'next-line';
  constructor(private readonly pageLines: number) {}
  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void {
    const next = x.line + 1;
    if (Math.floor(next / this.pageLines) === Math.floor(x.line / this.pageLines)) issuer.prefetch(x as Txn, next, false);
  }
}

registerPrefetcher({
  name: 'next-line',
  summary: 'requests line+1 (same 4-KiB page) on every demand L2 fill, as a read',
  make: (_cfg, lineBytes) => new NextLine(Math.max(1, Math.floor(4096 / lineBytes))),
});
