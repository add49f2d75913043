/**
 * Intel's L2 spatial ("adjacent cache line") prefetcher: completes every line fetched
 * into L2 with its buddy in the same 128-B aligned pair (cpu-facts §7b). Whether the
 * buddy request is an RFO when the trigger was one is undocumented: `mirror` makes it
 * one, `read` never does (PrefetchConfig.buddyRequest).
 */
import type { PrefetchConfig } from '../machine-config.ts';
import type { Prefetcher } from './registry.ts';

export function adjacentLine(cfg: PrefetchConfig, lineBytes: number): Prefetcher {
  const linesPerPair = Math.max(1, Math.round(cfg.pairBytes / lineBytes));
  const mirror = cfg.buddyRequest === 'mirror';
  return {
    name: 'adjacent-line',
    onL2Fill(core, line, rfo, time, site, issuer) {
      const first = line - (line % linesPerPair);
      for (let l = first; l < first + linesPerPair; l++) {
        if (l !== line) issuer.prefetch(core, l, mirror && rfo, time, site);
      }
    },
  };
}
