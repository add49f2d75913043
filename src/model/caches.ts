/**
 * The cache hierarchy's tag stores and their fill/evict rules: private L1 and L2 per core
 * (the L2 inclusive of the L1, or NINE of it: `l2.inclusiveOfL1`), the LLC per domain
 * (inclusive: its victims back-invalidate the domain's cores; non-inclusive: filled by L2
 * victims), and the bounded snoop filter of a non-inclusive LLC. A core holds a line
 * exactly when its L1 or its L2 has the tag. Presence only: coherence state lives in the
 * directory, and every state change of a shared line goes through the controller
 * (`Snooper.transition`).
 */
import { NO_LINE, SetAssoc } from './cache/set-assoc.ts';
import type { AddressMap } from './address-map.ts';
import type { Directory } from './directory.ts';
import type { Latencies } from './latency.ts';
import type { MachineConfig } from './machine-config.ts';
import { replacementPolicy } from './replacement/registry.ts';
import { SnoopFilter } from './snoop-filter.ts';
import type { Stats } from './stats.ts';
import type { Topology } from './topology/topology.ts';
import { Ev } from './protocol/events.ts';
import { St } from './vocab.ts';

const ST_I = St.I, ST_M = St.M, EV_EVICT = Ev.Evict, EV_BACKINV = Ev.BackInv;

/** Who applies protocol events to a core's copy (the controller). */
export interface Snooper {
  /** apply a local event (Evict, BackInv: no requester) to core's copy of line */
  transition(core: number, line: number, ev: Ev): void;
}

export class Caches {
  /** private caches, one bank per core */
  readonly l1: SetAssoc;
  readonly l2: SetAssoc;
  /** last-level cache, one bank per LLC domain */
  readonly llc: SetAssoc;
  /** bounded snoop filter per LLC domain (non-inclusive LLC with llc.snoopFilter), else null */
  readonly sf: SnoopFilter | null = null;
  readonly inclusiveLlc: boolean;
  /** the L2 is NINE of the L1: its victims may stay in the L1 (see l1Fill for the L1's victims) */
  readonly nineL2: boolean;
  snooper: Snooper | null = null;

  constructor(cfg: MachineConfig, private readonly topo: Topology, private readonly map: AddressMap,
    private readonly dir: Directory, private readonly stats: Stats, private readonly lat: Latencies, replacement: string) {
    const shared = map.sharedLines;
    const lines = (kib: number) => Math.floor((kib * 1024) / cfg.lineBytes);
    this.inclusiveLlc = cfg.llc.inclusive;
    this.nineL2 = cfg.l2.inclusiveOfL1 === false;
    this.l1 = new SetAssoc(topo.nCores, lines(cfg.l1d.kib), cfg.l1d.ways, replacementPolicy(replacement), shared);
    this.l2 = new SetAssoc(topo.nCores, lines(cfg.l2.kib), cfg.l2.ways, replacementPolicy(replacement), shared);
    this.llc = new SetAssoc(topo.nDomains, lines(cfg.llc.kib), cfg.llc.ways, replacementPolicy(replacement), shared);
    if (cfg.llc.snoopFilter) {
      if (cfg.llc.inclusive) throw new Error('llc.snoopFilter with an inclusive LLC: the core-valid bits of an inclusive LLC are its snoop filter');
      this.sf = new SnoopFilter(cfg.llc.snoopFilter, topo, shared, dir.words, replacement);
    }
  }

  /** Install a line in the core's L2 and L1 and (inclusive LLC) its domain's LLC, or (shared line) its SF entry. */
  fill(core: number, line: number): void {
    const l2 = this.l2;
    if (l2.find(core, line) < 0) {
      const v = l2.insert(core, line);
      if (v !== NO_LINE) this.evicted(core, v);
    }
    if (this.l1.find(core, line) < 0) this.l1Fill(core, line);
    if (this.inclusiveLlc) this.llcInsert(this.topo.domainOfCore[core]!, line);
    else if (this.sf !== null && this.map.isShared(line)) {
      const dom = this.topo.domainOfCore[core]!;
      this.sfConflict(dom, this.sf.track(dom, line));
    }
  }

  /**
   * Put a line the core holds into its L1. With an inclusive L2 the L1 victim is still in
   * the L2. With a NINE L2 a victim the L2 lacks leaves the core when clean (a silent
   * drop) and is written back into the L2 when modified (private lines count as
   * modified: the zeroed page); that write-back's own L2 victim then goes as any other.
   */
  l1Fill(core: number, line: number): void {
    const v = this.l1.insert(core, line);
    if (v === NO_LINE || !this.nineL2 || this.l2.find(core, v) >= 0) return;
    const shared = this.map.isShared(v);
    if (shared && this.dir.state(v, core) !== ST_M) {
      this.snooper!.transition(core, v, EV_EVICT);
      if (!this.inclusiveLlc) this.llcInsert(this.topo.domainOfCore[core]!, v);
      return;
    }
    const w = this.l2.insert(core, v);
    if (w !== NO_LINE) this.evicted(core, w);
  }

  /** Remove a line from the core's L1 and L2; free the SF entry if it was the domain's last copy. */
  remove(core: number, line: number): void {
    this.l1.remove(core, line);
    this.l2.remove(core, line);
    if (this.sf !== null && this.map.isShared(line)) this.sf.release(this.topo.domainOfCore[core]!, line, this.dir);
  }

  /** Snoop-filter conflict (snoop-filter.ts): the victim entry's line leaves every core of the domain. */
  private sfConflict(dom: number, victim: number): void {
    if (victim === NO_LINE) return;
    this.stats.n.sfBackInvalidations++;
    this.backInvalidate(dom, victim);
    this.llcInsert(dom, victim); // like an L2 victim, the line lands in the non-inclusive LLC
  }

  /** The core's L2 replaced `line`. A NINE L2's victim the L1 still holds stays held. */
  private evicted(core: number, line: number): void {
    if (this.nineL2 && this.l1.find(core, line) >= 0) return;
    this.l1.remove(core, line);
    if (this.map.isShared(line)) {
      if (this.dir.state(line, core) === ST_I) throw new Error(`L2 of core ${core} held line ${line} the directory says is I`);
      this.snooper!.transition(core, line, EV_EVICT);
    }
    // Non-inclusive LLCs (Skylake-SP on, AMD) are filled by L2 victims, clean or dirty.
    if (!this.inclusiveLlc) this.llcInsert(this.topo.domainOfCore[core]!, line);
  }

  llcInsert(dom: number, line: number): void {
    const llc = this.llc;
    if (llc.find(dom, line) >= 0) return;
    const v = llc.insert(dom, line);
    if (v !== NO_LINE && this.inclusiveLlc) this.backInvalidate(dom, v);
  }

  /** Inclusive LLC or snoop-filter victim: remove it from every core of the domain (BackInv). */
  private backInvalidate(dom: number, line: number): void {
    if (!this.map.isShared(line)) {
      const c = this.map.privateOwnerCore(line);
      if (this.topo.domainOfCore[c] === dom) this.remove(c, line);
      return;
    }
    const s = this.snooper!;
    for (let c = 0; c < this.topo.nCores; c++) {
      if (this.topo.domainOfCore[c] !== dom || this.dir.state(line, c) === ST_I) continue;
      s.transition(c, line, EV_BACKINV);
    }
  }

  /** A demand access of a private (never shared) line: footprint and latency, no coherence. */
  privateAccess(cpu: number, core: number, line: number, now: number): number {
    const st = this.stats, lat = this.lat, l1 = this.l1, s1 = l1.find(core, line);
    if (s1 >= 0) { l1.touch(s1); st.cpuL1Hit(cpu); st.cyc.l1 += lat.l1; return now + lat.l1; }
    const l2 = this.l2, s2 = l2.find(core, line);
    if (s2 >= 0) { l2.touch(s2); this.l1Fill(core, line); st.n.l2Hits++; st.cpuL2Hit(cpu); st.cyc.l2 += lat.l2; return now + lat.l2; }
    const llc = this.llc, s3 = llc.find(this.topo.domainOfCore[core]!, line);
    this.fill(core, line);
    if (s3 >= 0) { llc.touch(s3); st.n.llcHits++; st.cpuLlcHit(cpu); st.cyc.llc += lat.llc; return now + lat.llc; }
    st.n.dramReads++;
    st.cyc.dram += lat.dramLocal;
    return now + lat.dramLocal;
  }

  /** Footprint-only touch of a private line by `core`: fills caches, costs no time. */
  touchPrivate(core: number, line: number): void {
    const l1 = this.l1, s1 = l1.find(core, line);
    if (s1 >= 0) { l1.touch(s1); return; }
    const l2 = this.l2, s2 = l2.find(core, line);
    if (s2 >= 0) { l2.touch(s2); this.l1Fill(core, line); return; }
    this.fill(core, line);
  }
}
