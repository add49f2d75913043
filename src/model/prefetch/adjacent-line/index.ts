/**
 * Intel's L2 spatial ("adjacent cache line") prefetcher: completes every line fetched
 * into L2 with its buddy in the same 128-B aligned pair (cpu-facts §7b). Whether the
 * buddy request is an RFO when the trigger was one is undocumented: `mirror` makes it
 * one, `read` never does (PrefetchConfig.buddyRequest).
 *
 * A buddy the core already holds needs no fetch: the pair is complete ("strives to
 * complete every cache line fetched to the L2 cache with the pair line", Intel
 * optimization manual). So with `sharedBuddy: keep` an RFO trigger does not upgrade a
 * buddy held S; `upgrade` (ablation) sends the RFO prefetch anyway, which invalidates
 * every other sharer of the buddy (mechanisms.md §2.3's "permission thrashing").
 */
import type { Txn } from '../../protocol/txn.ts';
import { registerPrefetcher, type PrefetchIssuer, type Prefetcher } from '../registry.ts';

// A class rather than an object literal with a closure per machine: every machine then
// shares the method, and optimized code built for one machine stays valid for the next.
class AdjacentLine implements Prefetcher {
  readonly name = 'adjacent-line';
  constructor(
    private readonly linesPerPair: number, private readonly mirror: boolean, private readonly upgrade: boolean,
  ) {
    this.pairMask = (linesPerPair & (linesPerPair - 1)) === 0 ? linesPerPair - 1 : -1;
  }

  /** linesPerPair − 1 when it is a power of two (every profile: 2), else -1 */
  private readonly pairMask: number;

  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void {
    // every demand fill: a mask, not a division, finds the pair (lines are ≥ 0, so they agree)
    const line = x.line, first = this.pairMask >= 0 ? line & ~this.pairMask : line - (line % this.linesPerPair);
    const rfo = this.mirror && x.rfo;
    for (let l = first; l < first + this.linesPerPair; l++) {
      if (l === line) continue;
      // a held buddy: a read request would be dropped by the protocol anyway (S/E/M PfRead)
      if (rfo && !this.upgrade && issuer.holds(x.core, l)) continue;
      issuer.prefetch(x as Txn, l, rfo);
    }
  }
}

registerPrefetcher({
  name: 'adjacent-line',
  summary: 'completes each L2 fill with its buddy in the aligned pair (Intel spatial prefetcher)',
  make: (cfg, lineBytes) => new AdjacentLine(
    Math.max(1, Math.round(cfg.pairBytes / lineBytes)), cfg.buddyRequest === 'mirror', cfg.sharedBuddy === 'upgrade'),
});
