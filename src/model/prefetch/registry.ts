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
  /** whether `line` is in `core`'s L2 (a buddy already there completes the pair; with a NINE L2 an L1-only line is not) */
  holds(core: number, line: number): boolean;
}

export interface Prefetcher {
  readonly name: string;
  /** A demand L2 fill `x` (x.core, x.line, x.rfo, completing at x.t) happened. */
  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void;
}

/**
 * log2(`pageLines`) for prefetchers that find a line's page by a shift: they run on every
 * demand fill, where a division costs more than the rest of their work. Lines are
 * non-negative integers below 2^31 (shared lines), so `line >> shift` is ⌊line / pageLines⌋.
 */
export function pageShiftOf(pageLines: number): number {
  const s = Math.log2(pageLines);
  if (!Number.isInteger(s)) throw new Error(`prefetch page of ${pageLines} lines is not a power of two (lineBytes must divide 4096)`);
  return s;
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

function make(name: string, cfg: PrefetchConfig, lineBytes: number, nCores: number): Prefetcher {
  const d = DEFS.get(name);
  if (!d) throw new Error(`unknown prefetcher '${name}' (known: ${prefetcherNames().join(', ')})`);
  return d.make(cfg, lineBytes, nCores);
}

/** Several prefetchers that all see every demand fill, in order. */
class Composite implements Prefetcher {
  readonly name: string;
  constructor(private readonly parts: Prefetcher[]) { this.name = parts.map((p) => p.name).join('+'); }
  onL2Fill(x: Readonly<Txn>, issuer: PrefetchIssuer): void {
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) parts[i]!.onL2Fill(x, issuer);
  }
}

/** The profile's prefetcher (`kind`) plus any `also` prefetchers (DCU, streamer). */
export function makePrefetcher(cfg: PrefetchConfig, lineBytes: number, nCores: number): Prefetcher {
  const main = make(cfg.kind, cfg, lineBytes, nCores);
  const also = (cfg.also ?? []).map((n) => make(n, cfg, lineBytes, nCores));
  return also.length === 0 ? main : new Composite([main, ...also]);
}

export function prefetcherNames(): string[] {
  return [...DEFS.keys()].sort();
}

export function prefetcherDefs(): PrefetcherDef[] {
  return [...DEFS.values()].sort((a, b) => a.name.localeCompare(b.name));
}
