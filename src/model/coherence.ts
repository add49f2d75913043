/**
 * Coherence transactions on the directory: fetching a line shared or exclusive,
 * upgrading, invalidating and evicting copies, and filling the private caches and LLC.
 * Every state change of a line in a core goes through `transition`, which looks the
 * (state, event) cell up in the protocol table.
 */
import { CoreState } from './core-state.ts';
import { ACT, cellIndex } from './protocol/compiled.ts';
import { Ev } from './protocol/table.ts';
import { NO_LINE } from './cache/set-assoc.ts';
import { Src, St } from './vocab.ts';

// Hot-path constants: tsx compiles each file on its own, so every use of an imported
// const enum member is a property load; module-level copies are constants to V8.
const ST_I = St.I;
const EV_FWDGETS = Ev.FwdGETS, EV_FWDGETX = Ev.FwdGETX, EV_EVICT = Ev.Evict, EV_BACKINV = Ev.BackInv;
const SRC_L1 = Src.L1, SRC_LLC = Src.Llc, SRC_PEERLOCAL = Src.PeerLocal, SRC_PEERREMOTE = Src.PeerRemote, SRC_REMOTELLC = Src.RemoteLlc, SRC_DRAMLOCAL = Src.DramLocal, SRC_DRAMREMOTE = Src.DramRemote;
const ACT_O_REMOVEPRIVATE = ACT.o_removePrivate;

/** Result of a fetch: latency and where the data came from. */
/** `serial`: the transfer moves ownership or data out of another core, so the line is busy meanwhile. */
export interface Fetch { lat: number; src: Src; others: boolean; serial: boolean }

export class Coherence extends CoreState {
  /**
   * The one Fetch every fetch returns, overwritten by the next (no allocation per miss):
   * callers read it before starting another fetch.
   */
  private readonly fetched: Fetch = { lat: 0, src: SRC_L1, others: false, serial: false };

  protected fetch(lat: number, src: Src, others: boolean, serial: boolean): Fetch {
    const f = this.fetched;
    f.lat = lat; f.src = src; f.others = others; f.serial = serial;
    return f;
  }

  /** Apply `ev` to core's copy of a shared line; returns the table cell's action flags. */
  protected transition(core: number, line: number, ev: Ev, others = true): number {
    const d = this.dir;
    const st = d.state(line, core);
    const ci = cellIndex(this.proto, st, ev);
    const next = (others ? this.proto.next[ci] : this.proto.nextIfAlone[ci]) as St;
    this.setState(line, core, st, next);
    const act = this.proto.actions[ci]!;
    if (act & ACT_O_REMOVEPRIVATE) this.removePrivate(core, line);
    return act;
  }

  protected setState(line: number, core: number, from: St, to: St): void {
    if (from === to) return;
    this.dir.set(line, core, from, to);
    if (this.check && to !== ST_I) this.dir.copyVersion[this.dir.copy(line, core)] = this.dir.version[line]!;
  }

  protected removePrivate(core: number, line: number): void {
    this.l1.remove(core, line);
    this.l2.remove(core, line);
    if (this.sf !== null && this.isShared(line)) this.sf.release(this.topo.domainOfCore[core]!, line, this.dir);
  }

  /** Where clean data for `core` comes from when no core owns the line E/M. */
  protected cleanSource(core: number, line: number): Fetch {
    const d = this.dir, n = this.nCores;
    const others = d.hasOtherSharer(line, core);
    const dom = this.topo.domainOfCore[core]!;
    const slot = this.llc.find(dom, line);
    if (slot >= 0) {
      this.llc.touch(slot);
      this.stats.c.llcHits++;
      this.stats.cpuLlcHit(this.curCpu);
      return this.fetch(this.lat.llc, SRC_LLC, others, false);
    }
    if (others) {
      // Nearest sharer forwards (F-state forward / remote LLC): the cheapest transfer.
      let best = Infinity, src = SRC_REMOTELLC;
      d.forEachSharer(line, core, (s) => {
        const l = this.lat.xfer[core * n + s]!;
        if (l < best) { best = l; src = this.lat.xferSrc[core * n + s] === SRC_PEERREMOTE ? SRC_REMOTELLC : SRC_PEERLOCAL; }
      });
      this.stats.c.cleanForwards++;
      return this.fetch(best, src, others, false);
    }
    this.stats.c.dramReads++;
    return this.topo.socketOfCore[core] === this.homeSocket
      ? this.fetch(this.lat.dramLocal, SRC_DRAMLOCAL, others, false)
      : this.fetch(this.lat.dramRemote, SRC_DRAMREMOTE, others, false);
  }

  /** Take the line from its E/M owner (FwdGETS or FwdGETX on the owner). */
  protected fromOwner(core: number, line: number, ev: Ev, site: number, pf: boolean): Fetch {
    const d = this.dir, o = d.owner[line]!;
    const i = core * this.nCores + o;
    const remote = this.topo.socketOfCore[core] !== this.topo.socketOfCore[o];
    if (d.dirty[line] === 1) {
      this.stats.hitm(this.curCpu, line, remote);
    } else this.stats.c.cleanForwards++;
    if (ev === EV_FWDGETX) this.noteInvalidation(o, line, site, pf, remote);
    this.transition(o, line, ev);
    return this.fetch(this.lat.xfer[i]!, this.lat.xferSrc[i] as Src, ev === EV_FWDGETS, true);
  }

  /** Invalidate every S copy except `core`'s; returns the slowest ack latency. */
  protected invalidateSharers(core: number, line: number, site: number, pf: boolean): number {
    let worst = 0;
    const n = this.nCores;
    this.dir.forEachSharer(line, core, (s) => {
      this.noteInvalidation(s, line, site, pf, this.topo.socketOfCore[s] !== this.topo.socketOfCore[core]);
      this.transition(s, line, EV_FWDGETX);
      const l = this.lat.inval[core * n + s]!;
      if (l > worst) worst = l;
    });
    return worst;
  }

  private noteInvalidation(victim: number, line: number, site: number, pf: boolean, remote: boolean): void {
    const st = this.stats, d = this.dir;
    st.invalidated(this.curCpu, victim, line, pf);
    if (d.isPfTagged(line, victim)) { st.c.prefetchUselessInv++; d.setPfTag(line, victim, false); }
    const k = d.copy(line, victim);
    d.invBy[k] = site + 1;
    d.invByPf[k] = (pf ? 1 : 0) | (remote ? 2 : 0);
  }

  /** Install a line in the core's L2 and L1 and (inclusive LLC) its domain's LLC, or (shared line) its SF entry. */
  protected fillPrivate(core: number, line: number): void {
    const l2 = this.l2;
    if (l2.find(core, line) < 0) {
      const v = l2.insert(core, line);
      if (v !== NO_LINE) this.evictFromCore(core, v);
    }
    const l1 = this.l1;
    if (l1.find(core, line) < 0) l1.insert(core, line); // L1 victims stay in L2 (L2 ⊇ L1 in this model)
    if (this.inclusiveLlc) this.llcInsert(this.topo.domainOfCore[core]!, line);
    else if (this.sf !== null && this.isShared(line)) this.sfConflict(this.topo.domainOfCore[core]!, this.sf.track(this.topo.domainOfCore[core]!, line));
  }

  /** Snoop-filter conflict (src/model/snoop-filter.ts): the victim entry's line leaves every core of the domain. */
  private sfConflict(dom: number, victim: number): void {
    if (victim === NO_LINE) return;
    this.stats.c.sfBackInvalidations++;
    this.backInvalidate(dom, victim);
    this.llcInsert(dom, victim); // like an L2 victim, the line lands in the non-inclusive LLC
  }

  protected evictFromCore(core: number, line: number): void {
    this.l1.remove(core, line);
    if (this.isShared(line)) {
      if (this.dir.state(line, core) === ST_I) throw new Error(`L2 of core ${core} held line ${line} the directory says is I`);
      this.dir.setPfTag(line, core, false);
      this.transition(core, line, EV_EVICT);
    }
    // Non-inclusive LLCs (Skylake-SP on, AMD) are filled by L2 victims.
    if (!this.inclusiveLlc) this.llcInsert(this.topo.domainOfCore[core]!, line);
  }

  protected llcInsert(dom: number, line: number): void {
    const llc = this.llc;
    if (llc.find(dom, line) >= 0) return;
    const v = llc.insert(dom, line);
    if (v !== NO_LINE && this.inclusiveLlc) this.backInvalidate(dom, v);
  }

  /** Inclusive LLC or snoop-filter victim: remove it from every core of the domain (BackInv). */
  private backInvalidate(dom: number, line: number): void {
    if (!this.isShared(line)) {
      const c = this.privateOwnerCore(line);
      if (this.topo.domainOfCore[c] === dom) this.removePrivate(c, line);
      return;
    }
    for (let c = 0; c < this.nCores; c++) {
      if (this.topo.domainOfCore[c] !== dom || this.dir.state(line, c) === ST_I) continue;
      this.dir.setPfTag(line, c, false);
      this.transition(c, line, EV_BACKINV);
    }
  }
}
