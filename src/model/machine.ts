/**
 * The timed multicore machine. `access` is the only entry for demand accesses and
 * returns the completion cycle; latency adds up from where the data came from plus the
 * wait for the line (ZSim style).
 *
 * Ordering (the one place that handles races): requests are processed in the order
 * the scheduler issues them (earliest thread clock first). A request that needs the
 * line from elsewhere starts when the line is free — `dir.busy[line]` — so ownership
 * transfers of one line serialize like a queue, and a locked RMW keeps the line busy
 * for its execution time, deferring snoops (cpu-facts §8). State changes are applied
 * when the request is processed; the busy clock carries the in-flight time.
 */
import { Coherence, type Fetch } from './coherence.ts';
import type { MachineConfig } from './machine-config.ts';
import type { MachineOptions } from './core-state.ts';
import { ACT, cellIndex } from './protocol/compiled.ts';
import { Ev, N_EVENTS } from './protocol/table.ts';
import { makePrefetcher, type PrefetchIssuer, type Prefetcher } from './prefetch/registry.ts';
import { Access, Src, St } from './vocab.ts';
import { checkLine } from './checker.ts';

// Hot-path constants: tsx compiles each file on its own, so every use of an imported
// const enum member is a property load; module-level copies are constants to V8.
const ACC_READ = Access.Read, ACC_RMW = Access.Rmw;
const ST_I = St.I, ST_S = St.S, ST_E = St.E, ST_M = St.M;
const EV_STORE = Ev.Store, EV_PFREAD = Ev.PfRead, EV_PFRFO = Ev.PfRfo, EV_FWDGETS = Ev.FwdGETS, EV_FWDGETX = Ev.FwdGETX;
const SRC_LLC = Src.Llc, SRC_SIBLING = Src.Sibling, SRC_PEERLOCAL = Src.PeerLocal, SRC_PEERCROSSLLC = Src.PeerCrossLlc, SRC_PEERREMOTE = Src.PeerRemote, SRC_REMOTELLC = Src.RemoteLlc;
const ACT_A_ISSUEGETS = ACT.a_issueGETS, ACT_B_ISSUEGETX = ACT.b_issueGETX, ACT_G_TAGPREFETCHED = ACT.g_tagPrefetched, ACT_H_HIT = ACT.h_hit, ACT_I_DROPPREFETCH = ACT.i_dropPrefetch;

export class Machine extends Coherence implements PrefetchIssuer {
  readonly prefetcher: Prefetcher;
  /** Called first by every demand access (observers such as kernel/invariants.ts), or null. */
  accessTap: ((cpu: number, site: number, addr: number, kind: Access) => void) | null = null;
  /** cfg.loadRfoBeforeRmw, read once (hot path) */
  private readonly rfoReads: boolean;
  private readonly coreOfCpu: Int32Array;
  /** cfg.prefetch.onOwned === 'drop' */
  private readonly dropOwned: boolean;
  /**
   * Per (state, access kind): 1 when the protocol table's cell is a hit that leaves the
   * state as it is (MESI: a read of S/E/M, a store or locked RMW of M). Such an access
   * that finds the line in L1 takes `l1Hit`, small enough for V8 to inline into the run
   * loop: +20 % on the single-thread bench. Every other access goes through sharedAccess.
   * Derived from the table, so a protocol variant keeps it right.
   */
  private readonly plainHit: Uint8Array;

  constructor(cfg: MachineConfig, opts: MachineOptions) {
    super(cfg, opts);
    this.prefetcher = makePrefetcher(cfg.prefetch, cfg.lineBytes, this.nCores);
    this.rfoReads = cfg.loadRfoBeforeRmw === true;
    this.coreOfCpu = this.topo.coreOfCpu;
    this.dropOwned = cfg.prefetch.onOwned === 'drop';
    // Access kinds are the demand events Load, Store, Rmw (sharedAccess passes kind as the event).
    this.plainHit = new Uint8Array(4 * 3);
    for (const s of [ST_I, ST_S, ST_E, ST_M]) {
      for (const ev of [Ev.Load, Ev.Store, Ev.Rmw]) {
        const i = s * N_EVENTS + ev; // not cellIndex: impossible cells are skipped, not thrown
        if (this.proto.impossible[i] === 0 && (this.proto.actions[i]! & ACT_H_HIT) !== 0 && this.proto.next[i] === s) this.plainHit[s * 3 + ev] = 1;
      }
    }
  }

  /**
   * Whether a demand access would hit in the core's private caches without a request
   * (read of any valid copy, write/RMW of an E/M copy). Misses must queue for the line
   * (src/workload/run-threads.ts is the one place that orders them).
   */
  isHit(cpu: number, line: number, kind: Access, own = false): boolean {
    return this.hitIn(this.dir.state(line, this.coreOfCpu[cpu]!), kind, own);
  }

  private hitIn(st: St, kind: Access, own: boolean): boolean {
    return kind === ACC_READ && !(own && this.rfoReads) ? st !== ST_I : st === ST_E || st === ST_M;
  }

  /** Demand access by CPU `cpu` at cycle `now`; returns the completion cycle. */
  access(cpu: number, addr: number, kind: Access, site: number, now: number, own = false): number {
    if (this.accessTap !== null) this.accessTap(cpu, site, addr, kind);
    const line = this.lineOf(addr);
    const core = this.coreOfCpu[cpu]!;
    if (!this.isShared(line)) { this.stats.c.accesses++; this.stats.cpuAccess(cpu); return this.privateAccess(cpu, core, line, now); }
    return this.sharedAccess(cpu, core, line, this.dir.state(line, core), kind, site, now, own);
  }

  /**
   * `access` of shared `line` (= lineOf(addr)) if it is a hit (isHit), else -1 and
   * nothing happens: the run loop's common case, classified once instead of by isHit
   * and again by access.
   */
  accessIfHit(cpu: number, line: number, addr: number, kind: Access, site: number, now: number, own: boolean): number {
    const core = this.coreOfCpu[cpu]!, state = this.dir.state(line, core);
    if (!this.hitIn(state, kind, own)) return -1;
    if (this.accessTap !== null) this.accessTap(cpu, site, addr, kind);
    if (this.plainHit[state * 3 + kind] === 1 && !(own && this.rfoReads && kind === ACC_READ) && !this.check) {
      const s1 = this.l1.find(core, line);
      if (s1 >= 0) return this.l1Hit(cpu, core, line, s1, kind, site, now);
    }
    return this.sharedAccess(cpu, core, line, state, kind, site, now, own);
  }

  /** An access of shared `line` found in core's L1 at `slot`, in a state it keeps (plainHit). */
  private l1Hit(cpu: number, core: number, line: number, slot: number, kind: Access, site: number, now: number): number {
    this.countAccess(cpu, line, site);
    return this.finishAccess(core, line, kind, now + this.countL1Hit(cpu, slot));
  }

  private countAccess(cpu: number, line: number, site: number): void {
    const st = this.stats;
    st.c.accesses++;
    st.cpuAccess(cpu);
    st.touchLine(line, site, cpu);
  }

  /** Touch L1 `slot` and count the hit; returns its latency. */
  private countL1Hit(cpu: number, slot: number): number {
    const st = this.stats, lat = this.lat.l1;
    this.l1.touch(slot);
    st.c.l1Hits++; st.cpuL1Hit(cpu); st.cyc.l1 += lat;
    return lat;
  }

  /** Demand access to a shared line whose state in `core` is `state`. */
  private sharedAccess(cpu: number, core: number, line: number, state: St, kind: Access, site: number, now: number, own: boolean): number {
    const st = this.stats;
    this.countAccess(cpu, line, site);
    // A read issued for ownership (see ir.ts markOwnershipReads) is a Store to the protocol.
    const rfo = kind !== ACC_READ || (own && this.rfoReads);
    const ci = cellIndex(this.proto, state, rfo && kind === ACC_READ ? EV_STORE : (kind as number));
    const act = this.proto.actions[ci]!;
    let t: number;
    if (act & ACT_H_HIT) {
      const l1 = this.l1, s1 = l1.find(core, line);
      let lat: number;
      if (s1 >= 0) lat = this.countL1Hit(cpu, s1);
      else {
        const l2 = this.l2, s2 = l2.find(core, line);
        if (s2 < 0) throw new Error(`core ${core} holds line ${line} in state ${state} but not in L2`);
        l2.touch(s2);
        l1.insert(core, line);
        lat = this.lat.l2; st.c.l2Hits++; st.cpuL2Hit(cpu); st.cyc.l2 += lat;
      }
      if (this.check && kind === ACC_READ) this.checkValue(core, line);
      this.setState(line, core, state, this.proto.next[ci] as St);
      t = now + lat;
    } else {
      this.curCpu = cpu; // what the request causes (HITM, prefetches, ...) is counted on cpu
      t = this.miss(core, line, act, ci, rfo, site, now);
    }
    t = this.finishAccess(core, line, kind, t);
    if (this.check) checkLine(this, line);
    return t;
  }

  /**
   * What every demand access of a shared line ends with, `t` its completion so far:
   * demand use clears the prefetch tag, a write bumps the version, a locked RMW holds
   * the line for its execution time. Returns the completion cycle.
   */
  private finishAccess(core: number, line: number, kind: Access, t: number): number {
    const d = this.dir;
    if (d.isPfTagged(line, core)) d.setPfTag(line, core, false); // a load, not a store, on the common path
    if (kind !== ACC_READ) {
      d.version[line]!++;
      if (this.check) d.copyVersion[d.copy(line, core)] = d.version[line]!;
    }
    if (kind === ACC_RMW) {
      t += this.lat.rmw;
      this.stats.cyc.rmw += this.lat.rmw;
      d.busy[line] = Math.max(d.busy[line]!, t);
    }
    return t;
  }

  /** Demand miss or upgrade of a shared line; returns the cycle the data arrives. */
  private miss(core: number, line: number, act: number, ci: number, rfo: boolean, site: number, now: number): number {
    const st = this.stats, d = this.dir;
    st.miss(this.curCpu, line);
    const start = Math.max(now, d.busy[line]!);
    st.c.queueCycles += start - now;
    st.cpuQueue(this.curCpu, start - now);
    st.cyc.queue += start - now;
    const f = this.demandFetch(core, line, act, ci, site);
    this.fillPrivate(core, line);
    this.attributeMiss(core, line, site);
    this.chargeSource(f);
    const t = start + f.lat;
    if (f.serial) d.busy[line] = t;
    // An upgrade (S→M) fetches no line into L2, so the spatial prefetcher, which
    // "completes every line fetched into L2" (cpu-facts §7b), has nothing to complete.
    if (act & (ACT_A_ISSUEGETS | ACT_B_ISSUEGETX)) this.prefetcher.onL2Fill(core, line, rfo, t, site, this);
    return t;
  }

  /** Miss or upgrade: run the request named by the cell's actions. */
  private demandFetch(core: number, line: number, act: number, ci: number, site: number): Fetch {
    let f: Fetch;
    if (act & ACT_A_ISSUEGETS) {
      f = this.dir.owner[line]! >= 0 ? this.fromOwner(core, line, EV_FWDGETS, site, false) : this.cleanSource(core, line);
      this.setState(line, core, ST_I, (f.others ? this.proto.next[ci] : this.proto.nextIfAlone[ci]) as St);
    } else if (act & ACT_B_ISSUEGETX) {
      f = this.getExclusive(core, line, site, false);
      this.setState(line, core, ST_I, this.proto.next[ci] as St);
    } else {
      const inv = this.invalidateSharers(core, line, site, false);
      f = this.fetch(Math.max(this.lat.llc, inv), SRC_LLC, false, true);
      this.setState(line, core, ST_S, this.proto.next[ci] as St);
    }
    return f;
  }

  private getExclusive(core: number, line: number, site: number, pf: boolean): Fetch {
    if (this.dir.owner[line]! >= 0) return this.fromOwner(core, line, EV_FWDGETX, site, pf);
    const data = this.cleanSource(core, line);
    const inv = this.invalidateSharers(core, line, site, pf);
    return this.fetch(Math.max(data.lat, inv), data.src, false, true); // data is the reused Fetch: read before the call
  }

  /** PrefetchIssuer: the engine side of every prefetch (coherence rules + onOwned policy). */
  prefetch(core: number, line: number, rfo: boolean, time: number, triggerSite: number): void {
    if (line < 0 || !this.isShared(line)) return; // NOTE: private footprint is not prefetched
    const d = this.dir, st = this.stats;
    const state = d.state(line, core);
    const ci = cellIndex(this.proto, state, rfo ? EV_PFRFO : EV_PFREAD);
    const act = this.proto.actions[ci]!;
    if (act & ACT_I_DROPPREFETCH) return;
    const o = d.owner[line]!;
    if (o >= 0 && o !== core && this.dropOwned) { st.c.prefetchDropped++; return; }
    st.c.prefetchIssued++;
    const start = Math.max(time, d.busy[line]!);
    let f: Fetch;
    if (act & ACT_A_ISSUEGETS) {
      f = o >= 0 ? this.fromOwner(core, line, EV_FWDGETS, triggerSite, true) : this.cleanSource(core, line);
      this.setState(line, core, ST_I, (f.others ? this.proto.next[ci] : this.proto.nextIfAlone[ci]) as St);
    } else if (act & ACT_B_ISSUEGETX) {
      f = this.getExclusive(core, line, triggerSite, true);
      this.setState(line, core, ST_I, this.proto.next[ci] as St);
    } else {
      f = this.fetch(Math.max(this.lat.llc, this.invalidateSharers(core, line, triggerSite, true)), SRC_LLC, false, true);
      this.setState(line, core, ST_S, this.proto.next[ci] as St);
    }
    this.fillPrivate(core, line);
    if (act & ACT_G_TAGPREFETCHED) d.setPfTag(line, core, true);
    if (f.serial) d.busy[line] = Math.max(d.busy[line]!, start + f.lat);
    if (this.check) checkLine(this, line);
  }

  /** Private (never shared) line: footprint and latency, no coherence. */
  private privateAccess(cpu: number, core: number, line: number, now: number): number {
    const st = this.stats, l1 = this.l1, s1 = l1.find(core, line);
    if (s1 >= 0) return now + this.countL1Hit(cpu, s1);
    const l2 = this.l2, s2 = l2.find(core, line);
    if (s2 >= 0) { l2.touch(s2); l1.insert(core, line); st.c.l2Hits++; st.cpuL2Hit(cpu); st.cyc.l2 += this.lat.l2; return now + this.lat.l2; }
    const llc = this.llc, s3 = llc.find(this.topo.domainOfCore[core]!, line);
    this.fillPrivate(core, line);
    if (s3 >= 0) { llc.touch(s3); st.c.llcHits++; st.cpuLlcHit(cpu); st.cyc.llc += this.lat.llc; return now + this.lat.llc; }
    st.c.dramReads++;
    st.cyc.dram += this.lat.dramLocal;
    return now + this.lat.dramLocal;
  }

  /**
   * Footprint-only touch of a private line: fills caches (evicting others' lines) but
   * costs no time. NOTE: its time is part of the workload's calibrated private work.
   */
  touchPrivate(cpu: number, line: number): void {
    const core = this.topo.coreOfCpu[cpu]!;
    const l1 = this.l1, s1 = l1.find(core, line);
    if (s1 >= 0) { l1.touch(s1); return; }
    const l2 = this.l2, s2 = l2.find(core, line);
    if (s2 >= 0) { l2.touch(s2); l1.insert(core, line); return; }
    this.fillPrivate(core, line);
  }

  private attributeMiss(core: number, line: number, site: number): void {
    const d = this.dir, k = d.copy(line, core);
    const w = d.invBy[k]!;
    if (w === 0) return;
    const flags = d.invByPf[k]!;
    this.stats.pair(w - 1, site, (flags & 1) !== 0, (flags & 2) !== 0);
    d.invBy[k] = 0;
  }

  private chargeSource(f: Fetch): void {
    const c = this.stats.cyc;
    switch (f.src) {
      case SRC_LLC: c.llc += f.lat; break;
      case SRC_PEERLOCAL: case SRC_SIBLING: c.transferLocal += f.lat; break;
      case SRC_PEERCROSSLLC: case SRC_PEERREMOTE: case SRC_REMOTELLC: c.transferRemote += f.lat; break;
      default: c.dram += f.lat;
    }
  }

  private checkValue(core: number, line: number): void {
    const d = this.dir;
    const v = d.copyVersion[d.copy(line, core)];
    if (v !== d.version[line]) {
      throw new Error(`data-value violation: core ${core} read line ${line} at version ${v} but the last write is version ${d.version[line]}`);
    }
  }
}
