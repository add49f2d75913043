/**
 * Intel's L2 spatial ("adjacent cache line") prefetcher: completes every line fetched
 * into L2 with its buddy in the same 128-B aligned pair (cpu-facts §7b). Whether the
 * buddy request is an RFO when the trigger was one is undocumented: `mirror` makes it
 * one, `read` never does (PrefetchConfig.buddyRequest).
 */
import type { Txn } from '../../protocol/txn.ts';
import { registerPrefetcher, type PrefetchIssuer, type Prefetcher } from '../registry.ts';

// A class rather than an object literal with a closure per machine: every machine then
// shares the method, and optimized code built for one machine stays valid for the next.
class AdjacentLine implements Prefetcher {
  readonly name = 'adjacent-line';
  constructor(private readonly linesPerPair: number, private readonly mirror: boolean) {}

  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void {
    const line = x.line, first = line - (line % this.linesPerPair);
    for (let l = first; l < first + this.linesPerPair; l++) {
      if (l !== line) issuer.prefetch(x as Txn, l, this.mirror && x.rfo);
    }
  }
}

registerPrefetcher({
  name: 'adjacent-line',
  summary: 'completes each L2 fill with its buddy in the aligned pair (Intel spatial prefetcher)',
  make: (cfg, lineBytes) => new AdjacentLine(Math.max(1, Math.round(cfg.pairBytes / lineBytes)), cfg.buddyRequest === 'mirror'),
});
