/**
 * L2 prefetchers by name (ChampSim style: one file each; adding one never edits the
 * engine). A prefetcher sees every L2 fill (demand miss or upgrade) and may ask the
 * engine to prefetch other lines; the engine applies the coherence rules.
 */
import type { PrefetchConfig } from '../machine-config.ts';
import { nonePrefetcher } from './none.ts';
import { adjacentLine } from './adjacent-line.ts';
import { upDown } from './up-down.ts';

export interface PrefetchIssuer {
  /** request `line` into `core`'s L2; `rfo` asks for ownership */
  prefetch(core: number, line: number, rfo: boolean, time: number, triggerSite: number): void;
}

export interface Prefetcher {
  readonly name: string;
  /** An L2 fill of `line` for `core` completed at `time`; `rfo` if the trigger was a write/RMW. */
  onL2Fill(core: number, line: number, rfo: boolean, time: number, site: number, issuer: PrefetchIssuer): void;
}

type Factory = (cfg: PrefetchConfig, lineBytes: number, nCores: number) => Prefetcher;

const FACTORIES = new Map<string, Factory>([
  ['none', nonePrefetcher],
  ['adjacent-line', adjacentLine],
  ['up-down', upDown],
]);

export function makePrefetcher(cfg: PrefetchConfig, lineBytes: number, nCores: number): Prefetcher {
  const f = FACTORIES.get(cfg.kind);
  if (!f) throw new Error(`unknown prefetcher '${cfg.kind}' (known: ${prefetcherNames().join(', ')})`);
  return f(cfg, lineBytes, nCores);
}

export function prefetcherNames(): string[] {
  return [...FACTORIES.keys()];
}
