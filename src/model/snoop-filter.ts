/**
 * A bounded snoop filter per LLC domain, for non-inclusive LLCs (Skylake-SP and later
 * Intel; cpu-facts §3: "non-inclusive LLC + snoop filter in each CHA/LLC slice").
 *
 * The directory (directory.ts) already knows every holder of every shared line, so the
 * sharer bitmask stays the content of an entry and nothing is broadcast. What this adds
 * is capacity: a set-associative tag store (cache/set-assoc.ts + the replacement
 * registry) with one entry for each shared line present in a private cache (L1/L2; L1 ⊆
 * L2 in this model) of a core of the domain. A private fill that needs an entry in a
 * full set takes the policy's victim, and the engine back-invalidates the victim line
 * from every private cache of the domain (protocol event BackInv: dirty data written
 * back) — an "SF conflict". When the last private copy of a line in the domain leaves
 * (eviction, invalidation, back-invalidation) its entry is freed.
 *
 * The entry's LRU is updated only by requests that reach the filter (fills and
 * upgrades), never by private hits, as in hardware: a line that lives in L2 for a long
 * time ages in the filter.
 *
 * NOTE: only shared lines (the workload's arena) occupy entries. A core's private
 * footprint (page zeroing, page tables in pft) would occupy entries in hardware too, so
 * the model's SF pressure is a lower bound; the private footprint is not tracked to
 * keep the SF off the private-fill hot path. The inclusive LLC (Broadwell) does track
 * the private footprint, because its core-valid bits are the LLC's own tags. Checked
 * once with a throw-away variant that also tracked private lines (pft, skylake-sp, b2
 * and c_rfc, prefetch on, 1500 faults/thread): 0 conflicts at 12 threads, 88–151 at 56
 * threads (of 84 000 faults), faults/cpu identical to 10 digits. Revisit for workloads
 * whose private footprint fills the L2s of a whole socket.
 */
import { NO_LINE, SetAssoc } from './cache/set-assoc.ts';
import type { Directory } from './directory.ts';
import type { SnoopFilterConfig } from './machine-config.ts';
import { replacementPolicy } from './replacement/registry.ts';
import type { Topology } from './topology/topology.ts';

export class SnoopFilter {
  /** the tag store, one bank per LLC domain */
  readonly tags: SetAssoc;
  /** sets of the modelled filter (entries / ways); the tag store may allocate fewer, see below */
  readonly sets: number;
  readonly ways: number;
  private readonly words: number;
  /** per domain × directory word: the bits of the domain's cores (sharer mask) */
  private readonly domBits: Uint32Array;

  constructor(cfg: SnoopFilterConfig, readonly topo: Topology, sharedLines: number, words: number, replacement: string) {
    if (!Number.isInteger(cfg.entries) || !Number.isInteger(cfg.ways) || cfg.ways < 1 || cfg.entries < cfg.ways) {
      throw new Error(`snoop filter needs integer entries ≥ ways ≥ 1 (got ${cfg.entries} entries, ${cfg.ways} ways)`);
    }
    this.ways = cfg.ways;
    this.sets = Math.floor(cfg.entries / cfg.ways);
    // NOTE: shared lines are numbered 0..sharedLines-1 and the set index is line % sets, so
    // with sets ≥ sharedLines every line has its own set and sets beyond sharedLines are
    // never used. Allocating min(sets, sharedLines) sets therefore gives the same set for
    // every line (line % n = line % sets = line) and the same behaviour, in kilobytes
    // instead of tens of megabytes for a realistic filter.
    const allocSets = Math.max(1, Math.min(this.sets, sharedLines));
    this.tags = new SetAssoc(topo.nDomains, allocSets * cfg.ways, cfg.ways, replacementPolicy(replacement));
    this.words = words;
    this.domBits = new Uint32Array(topo.nDomains * words);
    for (let c = 0; c < topo.nCores; c++) this.domBits[topo.domainOfCore[c]! * words + (c >>> 5)]! |= 1 << (c & 31);
  }

  /**
   * A core of `dom` fills (or upgrades) `line`: touch its entry, or allocate one.
   * Returns the line whose entry was taken (to be back-invalidated), or NO_LINE.
   */
  track(dom: number, line: number): number {
    const t = this.tags, s = t.find(dom, line);
    if (s >= 0) { t.touch(s); return NO_LINE; }
    return t.insert(dom, line);
  }

  /** A private copy of `line` left a core of `dom`: free the entry if it was the last one. */
  release(dom: number, line: number, dir: Directory): void {
    if (!this.heldInDomain(dir, dom, line)) this.tags.remove(dom, line);
  }

  has(dom: number, line: number): boolean {
    return this.tags.find(dom, line) >= 0;
  }

  /** Whether any core of `dom` holds `line` (E/M owner or S sharer), from the directory. */
  heldInDomain(dir: Directory, dom: number, line: number): boolean {
    const o = dir.owner[line]!;
    if (o >= 0 && this.topo.domainOfCore[o] === dom) return true;
    const base = line * this.words, mb = dom * this.words;
    for (let w = 0; w < this.words; w++) if ((dir.sharers[base + w]! & this.domBits[mb + w]!) !== 0) return true;
    return false;
  }
}
