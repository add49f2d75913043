/**
 * L2 prefetchers by name (ChampSim style: one folder each, registering itself; adding
 * one touches no other file — mechanisms.ts loads every folder). A prefetcher sees every
 * demand L2 fill (miss, not upgrade) and may ask the issuer to prefetch other lines; the
 * controller applies the coherence rules and the snoop policy.
 */
import type { PrefetchConfig } from '../machine-config.ts';
import type { Txn } from '../protocol/txn.ts';

export interface PrefetchIssuer {
  /** request `line` into the trigger's core's L2 on behalf of `trigger`; `rfo` asks for ownership */
  prefetch(trigger: Txn, line: number, rfo: boolean): void;
}

export interface Prefetcher {
  readonly name: string;
  /** A demand L2 fill `x` (x.core, x.line, x.rfo, completing at x.t) happened. */
  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void;
}

export type PrefetcherFactory = (cfg: PrefetchConfig, lineBytes: number, nCores: number) => Prefetcher;

export interface PrefetcherDef {
  name: string;
  /** one line for `linesim profiles` and the docs */
  summary: string;
  make: PrefetcherFactory;
}

const DEFS = new Map<string, PrefetcherDef>();

export function registerPrefetcher(def: PrefetcherDef): void {
  DEFS.set(def.name, def);
}

export function makePrefetcher(cfg: PrefetchConfig, lineBytes: number, nCores: number): Prefetcher {
  const d = DEFS.get(cfg.kind);
  if (!d) throw new Error(`unknown prefetcher '${cfg.kind}' (known: ${prefetcherNames().join(', ')})`);
  return d.make(cfg, lineBytes, nCores);
}

export function prefetcherNames(): string[] {
  return [...DEFS.keys()].sort();
}

export function prefetcherDefs(): PrefetcherDef[] {
  return [...DEFS.values()].sort((a, b) => a.name.localeCompare(b.name));
}
