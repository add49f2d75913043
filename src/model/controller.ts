/**
 * The coherence controller: runs protocol cells. A request (demand access or prefetch)
 * looks up its requester's (state, event) cell and runs its actions (protocol/actions.ts);
 * snooped cores' cells (FwdGETS/FwdGETX) and local events (Evict, BackInv) run the same
 * way. Here: the shared steps the actions call (data sources, invalidations, a request's
 * start and completion, timed by the arbiter) and attribution of coherence misses.
 */
import type { Arbiter } from './arbiter.ts';
import type { Caches, Snooper } from './caches.ts';
import type { Directory } from './directory.ts';
import { homeSlice, type Latencies } from './latency.ts';
import type { Prefetcher, PrefetchIssuer } from './prefetch/registry.ts';
import { ACT, cellIndex, type CompiledProtocol } from './protocol/compiled.ts';
import {
  a_issueGETS, b_issueGETX, c_issueUpgrade, d_setDirty, e_holdLine, f_fill, g_tagPrefetched, h_hit,
  i_dropPrefetch, j_sendDataDirty, k_sendDataClean, l_ackInvalidate, m_writeback, n_silentDrop, o_removePrivate,
} from './protocol/actions.ts';
import { Ev } from './protocol/events.ts';
import { Txn } from './protocol/txn.ts';
import { cleanSource } from './clean-source.ts';
import type { SnoopPolicy } from './snoop/registry.ts';
import type { Stats } from './stats.ts';
import type { Topology } from './topology/topology.ts';
import { Src, St } from './vocab.ts';

// Hot-path constants: tsx compiles each file on its own, so every use of an imported
// const enum member (or an imported binding) is a property load; module-level copies
// are constants to V8.
const ST_I = St.I;
const EV_FWDGETS = Ev.FwdGETS, EV_FWDGETX = Ev.FwdGETX, EV_PFREAD = Ev.PfRead, EV_PFRFO = Ev.PfRfo;
const SRC_LLC = Src.Llc, SRC_SIBLING = Src.Sibling, SRC_PEERLOCAL = Src.PeerLocal, SRC_PEERCROSSLLC = Src.PeerCrossLlc;
const SRC_PEERREMOTE = Src.PeerRemote, SRC_REMOTELLC = Src.RemoteLlc;
const A_I = ACT.i_dropPrefetch, A_H = ACT.h_hit, A_A = ACT.a_issueGETS, A_B = ACT.b_issueGETX, A_C = ACT.c_issueUpgrade;
const A_D = ACT.d_setDirty, A_F = ACT.f_fill, A_G = ACT.g_tagPrefetched, A_E = ACT.e_holdLine, A_J = ACT.j_sendDataDirty;
const A_K = ACT.k_sendDataClean, A_L = ACT.l_ackInvalidate, A_M = ACT.m_writeback, A_N = ACT.n_silentDrop, A_O = ACT.o_removePrivate;
const DECIDE = A_I | A_H | A_A | A_B | A_C;
/** actions before j_sendDataDirty in ACTIONS order: a snooped cell naming one takes the general `run` */
const NOT_HELD = DECIDE | A_D | A_F | A_G | A_E;

export class Controller implements Snooper, PrefetchIssuer {
  readonly nCores: number;
  private readonly next: Uint8Array; private readonly alone: Uint8Array; private readonly actions: Uint32Array;
  /** the prefetch request record (one prefetch at a time) */
  private readonly pfx = new Txn();
  /** local events (Evict, BackInv): no requester (core -1) */
  private readonly local = new Txn();
  /** checked mode: assert the line's invariants after each request */
  lineCheck: ((line: number) => void) | null = null;
  /** per shared line, its home slice's row in lat.leadBySlice: every transfer reads it (the hash's modulo is a division) */
  private readonly leadRow: Int32Array;

  constructor(
    readonly proto: CompiledProtocol, readonly dir: Directory, readonly caches: Caches, readonly arb: Arbiter,
    readonly stats: Stats, readonly lat: Latencies, readonly topo: Topology, readonly prefetcher: Prefetcher,
    private readonly snoopPolicy: SnoopPolicy, readonly homeSocket: number, private readonly check: boolean,
    /** prefetch.trigger `fill` (ablation) */ private readonly prefetchAtFill = false,
  ) {
    this.nCores = topo.nCores;
    this.next = proto.next; this.alone = proto.nextIfAlone; this.actions = proto.actions;
    this.local.core = -1;
    const slices = lat.slices;
    this.leadRow = Int32Array.from({ length: dir.nLines }, (_, line) => homeSlice(line, slices) * slices);
  }

  /**
   * Run cell `ci` for `core`'s copy of x.line, whose state is `from`. `requester`: the
   * cell is the request's own (a read miss may then end in E, nextIfAlone); else a
   * snooped or local cell. Actions run in ACTIONS order; the next state is applied after
   * the deciding actions (hit / issue / drop) and before the others.
   */
  run(ci: number, x: Txn, core: number, from: St, requester: boolean): void {
    const a = this.actions[ci]!;
    if ((a & DECIDE) !== 0) {
      if (a & A_I) i_dropPrefetch(this, x);
      if (a & A_H) h_hit(this, x, core);
      if (a & A_A) a_issueGETS(this, x, core);
      if (a & A_B) b_issueGETX(this, x, core);
      if (a & A_C) c_issueUpgrade(this, x);
      if (x.stop) return;
    }
    this.setState(x.line, core, from, (requester && !x.others ? this.alone[ci] : this.next[ci]) as St);
    if (a & A_D) d_setDirty();
    if (a & A_F) f_fill(this, x, core);
    if (a & A_G) g_tagPrefetched(this, x, core);
    if (a & A_E) e_holdLine(this, x);
    if (a & A_J) j_sendDataDirty(this, x, core);
    if (a & A_K) k_sendDataClean(this);
    if (a & A_L) l_ackInvalidate(this, x, core);
    if (a & A_M) m_writeback();
    if (a & A_N) n_silentDrop();
    if (a & A_O) o_removePrivate(this, x, core);
  }

  /** Apply event `ev` to snooped `core`'s copy of x.line during request `x`. */
  snoop(x: Txn, core: number, ev: Ev): void {
    const st = this.dir.state(x.line, core);
    this.runHeld(cellIndex(this.proto, st, ev), x, core, st);
  }

  /** Snooper: a local event (Evict, BackInv) on core's copy of `line`. */
  transition(core: number, line: number, ev: Ev): void {
    const x = this.local;
    x.line = line;
    const st = this.dir.state(line, core);
    this.runHeld(cellIndex(this.proto, st, ev), x, core, st);
  }

  /**
   * `run` of a snooped or local cell (not the request's own): the same actions in the same
   * order. Such cells name only holder-side actions in MESI (j … o), so this shorter copy
   * is what the snoop paths inline; a cell naming any other action takes `run`.
   */
  private runHeld(ci: number, x: Txn, core: number, from: St): void {
    const a = this.actions[ci]!;
    if ((a & NOT_HELD) !== 0) { this.run(ci, x, core, from, false); return; }
    this.setState(x.line, core, from, this.next[ci] as St);
    if (a & A_J) j_sendDataDirty(this, x, core);
    if (a & A_K) k_sendDataClean(this);
    if (a & A_L) l_ackInvalidate(this, x, core);
    if (a & A_M) m_writeback();
    if (a & A_N) n_silentDrop();
    if (a & A_O) o_removePrivate(this, x, core);
  }

  setState(line: number, core: number, from: St, to: St): void {
    if (from === to) return;
    const d = this.dir;
    d.set(line, core, from, to);
    if (this.check && to !== ST_I) d.copyVersion[d.copy(line, core)] = d.version[line]!;
  }

  /** Serve a hit from core's L1, else L2 (refilling L1); returns the latency. */
  serveHit(cpu: number, core: number, line: number): number {
    const st = this.stats, l1 = this.caches.l1, s1 = l1.find(core, line);
    if (s1 >= 0) {
      const lat = this.lat.l1;
      l1.touch(s1);
      st.cpuL1Hit(cpu); st.cyc.l1 += lat;
      return lat;
    }
    const l2 = this.caches.l2, s2 = l2.find(core, line);
    if (s2 < 0) throw new Error(`core ${core} holds line ${line} in state ${this.dir.state(line, core)} but not in L2`);
    l2.touch(s2);
    this.caches.l1Fill(core, line);
    const lat = this.lat.l2;
    st.n.l2Hits++; st.cpuL2Hit(cpu); st.cyc.l2 += lat;
    return lat;
  }

  /**
   * Start request `x`: a prefetch may be refused by the snoop policy (x.stop) and is
   * counted as issued; a demand miss is counted. The line's start cycle comes from the
   * arbiter. Returns false when the request is not issued.
   */
  beginRequest(x: Txn): boolean {
    const st = this.stats;
    if (x.pf) {
      if (this.refused(x)) return false;
      st.n.prefetchIssued++;
      x.start = this.arb.start(x.line, x.now, -1);
    } else {
      st.miss(x.cpu, x.line);
      x.start = this.arb.start(x.line, x.now, x.cpu);
    }
    return true;
  }

  /**
   * e_holdLine's step: a locked RMW of `core` holds `line` from cycle `t` (its load's hit, or the
   * line's arrival) until it ends, which it returns: the rest of the RMW after a hit, the
   * whole RMW after an arrival (latency.ts).
   */
  holdLine(line: number, t: number, hit: boolean, core: number): number {
    const rmw = hit ? this.lat.rmwHit : this.lat.rmw, end = t + rmw;
    this.stats.cyc.rmw += rmw;
    this.arb.lock(line, end, core);
    return end;
  }

  /** Cycles from a line's arrival at `core` until the next forwarded snoop reaches it (latency.ts). */
  snoopLeadFor(line: number, core: number): number {
    const L = this.lat;
    return L.leadBySlice[this.leadRow[line]! + L.slicePos[core]!]!;
  }

  /** Complete request `x` once its transfer is known: attribution, cycle accounting, the line's busy time. */
  completeRequest(x: Txn): void {
    if (!x.pf) {
      this.attributeMiss(x.core, x.line, x.site);
      this.chargeSource(x);
    }
    x.t = x.start + x.lat;
    if (x.serial) this.arb.arrive(x.line, x.t, this.snoopLeadFor(x.line, x.core), x.core);
  }

  /** Where clean data for `core` comes from when no core owns the line E/M (clean-source.ts). */
  cleanSource(x: Txn, core: number): void { cleanSource(this, x, core); }

  /** Take the line from its E/M owner, snooping it with FwdGETS or FwdGETX. */
  fromOwner(x: Txn, ev: Ev): void {
    const o = this.dir.owner[x.line]!, i = x.core * this.nCores + o;
    this.snoop(x, o, ev);
    x.got(this.lat.xfer[i]!, this.lat.xferSrc[i] as Src, ev === EV_FWDGETS, true);
  }

  /** Invalidate every S copy except the requester's; x.ack becomes the slowest acknowledgement. */
  invalidateSharers(x: Txn): void {
    // Each word of sharer bits is read once, before its holders' cells run (they clear
    // their own bits); a loop, not a closure allocated per request.
    const d = this.dir, line = x.line, me = x.core;
    for (let w = 0; w < d.words; w++) {
      let bits = d.sharerBits(line, w);
      while (bits !== 0) {
        const b = 31 - Math.clz32(bits), s = w * 32 + b;
        bits &= ~(1 << b);
        if (s !== me) this.snoop(x, s, EV_FWDGETX);
      }
    }
  }

  /** Record that request `x` invalidated `victim`'s copy (counts, useless prefetch, attribution). */
  noteInvalidation(x: Txn, victim: number): void {
    const st = this.stats, d = this.dir, line = x.line;
    st.invalidated(x.cpu, victim, line, x.pf);
    if (d.isPfTagged(line, victim)) { st.n.prefetchUselessInv++; d.setPfTag(line, victim, false); }
    const k = d.copy(line, victim);
    d.invBy[k] = x.site + 1;
    d.invByPf[k] = (x.pf ? 1 : 0) | (this.remote(x.core, victim) ? 2 : 0);
  }

  /** The snoop policy refuses prefetch `x`: counted as dropped and stopped. */
  private refused(x: Txn): boolean { if (this.snoopPolicy.admit(this, x)) return false; this.stats.n.prefetchDropped++; x.stop = true; return true; }

  remote(a: number, b: number): boolean { return this.topo.socketOfCore[a] !== this.topo.socketOfCore[b]; }

  /**
   * Set by the run loop (prefetch.queue `behind`): takes a prefetch of a line that demand
   * requests wait for (arbiter FIFO) and runs it behind them, through `prefetchQueued`.
   * Null (`ahead`): such a prefetch is served as soon as the line frees.
   */
  deferPrefetch: ((x: Txn) => void) | null = null;

  /** PrefetchIssuer: `line` into the trigger's core (coherence + snoop policy) with the trigger's request (fill: after its line). */
  prefetch(trigger: Txn, line: number, rfo: boolean): void {
    if (line < 0 || line >= this.dir.nLines) return; // NOTE: private footprint is not prefetched
    this.pfx.begin(trigger.cpu, trigger.core, line, trigger.site, this.prefetchAtFill ? trigger.t : trigger.now, true, rfo);
    this.runPrefetch(this.deferPrefetch);
  }

  /** A queued prefetch's turn at its line's home (deferPrefetch): it runs now, as if just issued. */
  prefetchQueued(cpu: number, core: number, line: number, rfo: boolean, site: number, now: number): void {
    this.pfx.begin(cpu, core, line, site, now, true, rfo);
    this.runPrefetch(null);
  }

  private runPrefetch(defer: ((x: Txn) => void) | null): void {
    const x = this.pfx, line = x.line, core = x.core, rfo = x.rfo;
    const st = this.dir.state(line, core), ci = cellIndex(this.proto, st, rfo ? EV_PFRFO : EV_PFREAD), d = this.actions[ci]! & DECIDE;
    // A cell whose one deciding action is a request meets the snoop policy first (beginRequest):
    // a refusal is settled here, without running the cell (lines that bounce drop one per miss).
    // Such a request to a line with demand requests queued waits behind them (deferPrefetch).
    const req = d === A_A || d === A_B || d === A_C;
    if (req && this.refused(x)) { /* dropped */ } else if (req && defer !== null && this.arb.first(line) >= 0) defer(x);
    else this.run(ci, x, core, st, true);
    if (this.lineCheck !== null) this.lineCheck(line);
  }

  /** PrefetchIssuer: whether `line` is in `core`'s L2 (what an L2 prefetcher looks up; with a NINE L2 an L1-only line is not). */
  holds(core: number, line: number): boolean {
    return line >= 0 && line < this.dir.nLines && this.caches.l2.find(core, line) >= 0;
  }

  private attributeMiss(core: number, line: number, site: number): void {
    const d = this.dir, k = d.copy(line, core);
    const w = d.invBy[k]!;
    if (w === 0) return;
    const flags = d.invByPf[k]!;
    this.stats.pair(w - 1, site, (flags & 1) !== 0, (flags & 2) !== 0);
    d.invBy[k] = 0;
  }

  private chargeSource(x: Txn): void {
    const c = this.stats.cyc;
    switch (x.src) {
      case SRC_LLC: c.llc += x.lat; break;
      case SRC_PEERLOCAL: case SRC_SIBLING: c.transferLocal += x.lat; break;
      case SRC_PEERCROSSLLC: case SRC_PEERREMOTE: case SRC_REMOTELLC: c.transferRemote += x.lat; break;
      default: c.dram += x.lat;
    }
  }
}
