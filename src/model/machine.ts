/**
 * The timed multicore machine, composed of small components with narrow interfaces:
 * the address map, the directory (who holds what), the cache hierarchy (caches.ts), the
 * arbiter (arbiter.ts: busy clocks and wait queues, the one place races are decided),
 * the coherence controller that runs protocol cells (controller.ts), the prefetcher and
 * the snoop policy (registered folders), statistics, and observers.
 *
 * `access` is the entry for demand accesses and returns the completion cycle; latency
 * adds up from where the data came from plus the wait for the line (ZSim style).
 */
import './mechanisms.ts';
import { AddressMap } from './address-map.ts';
import { Arbiter } from './arbiter.ts';
import type { SetAssoc } from './cache/set-assoc.ts';
import { Caches } from './caches.ts';
import { checkLine } from './checker.ts';
import { Controller } from './controller.ts';
import { Directory } from './directory.ts';
import { buildLatencies, type Latencies } from './latency.ts';
import { smallInt, type MachineConfig } from './machine-config.ts';
import { makePrefetcher, type Prefetcher } from './prefetch/registry.ts';
import { ACT, cellIndex, compileProtocol, plainHits, type CompiledProtocol } from './protocol/compiled.ts';
import { Ev } from './protocol/events.ts';
import { Txn } from './protocol/txn.ts';
import { makeSnoopPolicy } from './snoop/registry.ts';
import type { SnoopFilter } from './snoop-filter.ts';
import { Stats } from './stats.ts';
import { buildTopology, type Topology } from './topology/topology.ts';
import { Access, St } from './vocab.ts';

export { PRIVATE_BASE_LINE, PRIVATE_REGION_LINES } from './address-map.ts';

// Hot-path constants (see controller.ts).
const ACC_READ = Access.Read;
const ST_I = St.I, ST_E = St.E, ST_M = St.M;
const EV_STORE = Ev.Store;
const A_E = ACT.e_holdLine;

export interface MachineOptions {
  /** number of shared lines (0..n-1) the workload placed */
  sharedLines: number;
  /** number of program sites (for per-line attribution) */
  nSites: number;
  /** checked mode: SWMR + data-value asserted after every event */
  check?: boolean;
  /** test-only protocol variants (fault injection) */
  protocol?: CompiledProtocol;
  /** socket whose memory holds the shared arena (the allocating CPU's node) */
  homeSocket?: number;
}

/** Sees every demand access and every value a thread writes (kernel/invariants.ts, tests). */
export interface MachineObserver {
  /** a demand access, before it is performed */
  onAccess?(cpu: number, site: number, addr: number, kind: Access): void;
  /** a thread's store or RMW result, as it is written */
  onStore?(cpu: number, site: number, addr: number, old: number, value: number): void;
}

export class Machine {
  readonly topo: Topology;
  readonly lat: Latencies;
  readonly map: AddressMap;
  readonly dir: Directory;
  readonly stats: Stats;
  readonly arb: Arbiter;
  readonly caches: Caches;
  readonly ctl: Controller;
  readonly prefetcher: Prefetcher;
  readonly proto: CompiledProtocol;
  /** 4-byte value slots, 16 per shared line */
  readonly mem: Float64Array;
  readonly nCores: number;
  readonly sharedLines: number;
  readonly check: boolean;
  private observers: MachineObserver[] = [];
  /** observers.length > 0, kept by observe(): the hit path tests one field */
  private watched = false;
  /** caches.l1, held here for the hit path (one load fewer per access) */
  private readonly l1Tags: SetAssoc;
  /** cfg.loadRfoBeforeRmw, read once (hot path) */
  private readonly rfoReads: boolean;
  private readonly coreOfCpu: Int32Array;
  /** the demand request record (one demand access at a time) */
  private readonly dx = new Txn();
  /**
   * Per (state, access kind): the cell's action bits when it is a hit that keeps the state
   * (MESI: read of S/E/M, store/RMW of M), else 0. Such an access found in L1 takes
   * `l1Hit`, small enough for V8 to inline into the run loop (+20 % single-thread bench);
   * every other access runs its cell through the controller. Derived from the table.
   */
  private readonly plainHit: Uint32Array;

  constructor(readonly cfg: MachineConfig, opts: MachineOptions) {
    this.topo = buildTopology(cfg);
    this.lat = buildLatencies(cfg, this.topo, opts.homeSocket ?? 0);
    this.nCores = this.topo.nCores;
    this.sharedLines = smallInt(opts.sharedLines);
    this.check = opts.check ?? false;
    this.proto = opts.protocol ?? compileProtocol();
    const lineShift = smallInt(Math.log2(cfg.lineBytes));
    if (!Number.isInteger(lineShift)) throw new Error(`lineBytes ${cfg.lineBytes} is not a power of two`);
    this.map = new AddressMap(this.sharedLines, lineShift, this.topo);
    this.dir = new Directory(this.sharedLines, this.nCores, this.check);
    this.stats = new Stats(this.sharedLines, smallInt(opts.nSites), this.topo.nCpus, this.nCores);
    const coin = cfg.arbitration === 'coin';
    this.arb = new Arbiter(this.sharedLines, this.stats, coin ? 0 : this.lat.snoopLead, coin, this.topo.coreOfCpu, cfg.smtMissMerge !== false, this.lat.leadExtra, this.nCores,
      !coin && cfg.remoteFirst !== false ? this.topo.socketOfCore : new Int32Array(0));
    this.arb.locks.enabled = cfg.smtSiblingWaitsForLock !== false;
    this.arb.sameCoreAtFill = cfg.sameCoreAtFill !== false;
    this.mem = new Float64Array(this.sharedLines * (cfg.lineBytes >> 2));
    this.caches = new Caches(cfg, this.topo, this.map, this.dir, this.stats, this.lat, cfg.replacement ?? 'lru');
    this.prefetcher = makePrefetcher(cfg.prefetch, cfg.lineBytes, this.nCores);
    this.ctl = new Controller(this.proto, this.dir, this.caches, this.arb, this.stats, this.lat, this.topo,
      this.prefetcher, makeSnoopPolicy(cfg.prefetch.onOwned), smallInt(opts.homeSocket ?? 0), this.check, cfg.prefetch.trigger === 'fill');
    this.caches.snooper = this.ctl;
    this.l1Tags = this.caches.l1;
    if (this.check) this.ctl.lineCheck = (line) => checkLine(this, line);
    this.rfoReads = cfg.loadRfoBeforeRmw === true;
    this.coreOfCpu = this.topo.coreOfCpu;
    this.plainHit = plainHits(this.proto);
  }

  get l1(): SetAssoc { return this.caches.l1; }
  get l2(): SetAssoc { return this.caches.l2; }
  get llc(): SetAssoc { return this.caches.llc; }
  get sf(): SnoopFilter | null { return this.caches.sf; }

  lineOf(addr: number): number { return addr >>> this.map.lineShift; }
  isShared(line: number): boolean { return line < this.sharedLines; }
  privateLine(cpu: number, k: number): number { return this.map.privateLine(cpu, k); }

  /** Add an observer of demand accesses and thread stores. */
  observe(o: MachineObserver): void { this.observers = [...this.observers, o]; this.watched = true; }

  /**
   * Whether a demand access would hit in the core's private caches without a request
   * (read of any valid copy, write/RMW of an E/M copy). Misses queue for the line at the
   * arbiter (the scheduler asks it).
   */
  isHit(cpu: number, line: number, kind: Access, own = false): boolean {
    return this.hitIn(this.dir.state(line, this.coreOfCpu[cpu]!), kind, own);
  }

  private hitIn(st: St, kind: Access, own: boolean): boolean {
    return kind === ACC_READ && !(own && this.rfoReads) ? st !== ST_I : st === ST_E || st === ST_M;
  }

  /** Demand access by CPU `cpu` at cycle `now`; returns the completion cycle. */
  access(cpu: number, addr: number, kind: Access, site: number, now: number, own = false): number {
    if (this.watched) this.notifyAccess(cpu, site, addr, kind);
    const line = this.lineOf(addr);
    const core = this.coreOfCpu[cpu]!;
    if (!this.isShared(line)) { this.stats.cpuAccess(cpu); return this.caches.privateAccess(cpu, core, line, now); }
    return this.sharedAccess(cpu, core, line, this.dir.state(line, core), kind, site, now, own);
  }

  /**
   * `access` of shared `line` (= lineOf(addr)) if it is a hit (isHit), else -1 and
   * nothing happens: the run loop's common case, classified once.
   */
  accessIfHit(cpu: number, line: number, addr: number, kind: Access, site: number, now: number, own: boolean): number {
    const core = this.coreOfCpu[cpu]!, state = this.dir.state(line, core);
    if (!this.hitIn(state, kind, own)) return -1;
    if (this.watched) this.notifyAccess(cpu, site, addr, kind);
    // A copy whose transfer (a prefetch's, or a core-mate's request) is still in flight
    // holds no data yet: the hit starts once the line has arrived.
    const at = this.arb.fillAt(line, core, now);
    const a = this.plainHit[state * 3 + kind]!;
    if (a !== 0 && !(own && this.rfoReads && kind === ACC_READ) && !this.check) {
      const s1 = this.l1Tags.find(core, line);
      if (s1 >= 0) return this.l1Hit(cpu, core, line, s1, kind, site, at, a);
    }
    return this.sharedAccess(cpu, core, line, state, kind, site, at, own);
  }

  /** A thread writes `v` at `addr` (store or RMW result): memory and observers. */
  write(cpu: number, site: number, addr: number, v: number): void {
    if (this.watched) this.retired(cpu, site, addr, this.mem[addr >> 2]!, v);
    this.mem[addr >> 2] = v;
  }

  /**
   * A thread's store of `v` over `old` retired (program order). With a store buffer the
   * value reaches memory later (`store`, by the drainer); observers such as the kernel
   * invariants judge the program's stores, so they hear of it now.
   */
  retired(cpu: number, site: number, addr: number, old: number, v: number): void {
    for (const o of this.observers) o.onStore?.(cpu, site, addr, old, v);
  }

  get observed(): boolean { return this.watched; }

  /**
   * A load of `cpu` served by store-to-load forwarding from its store buffer: it costs
   * the L1 latency and counts as an L1 hit (the data never left the core). Returns the
   * completion cycle.
   */
  forwarded(cpu: number, now: number): number {
    const st = this.stats, lat = this.lat.l1;
    st.cpuAccess(cpu);
    st.cpuL1Hit(cpu); st.cyc.l1 += lat;
    return now + lat;
  }

  /**
   * The run loop's view of its store buffers: the youngest value `cpu` has buffered at
   * `addr`, or undefined (set by runThreads while it runs).
   */
  storeView: ((cpu: number, addr: number) => number | undefined) | null = null;

  /** The value `cpu` sees at `addr`: its own buffered store if any (TSO), else memory. */
  loadSeenBy(cpu: number, addr: number): number {
    if (cpu >= 0 && this.storeView !== null) {
      const v = this.storeView(cpu, addr);
      if (v !== undefined) return v;
    }
    return this.mem[addr >> 2]!;
  }

  /** read a value slot (4-byte granularity; 8-byte fields use their first slot) */
  load(addr: number): number { return this.mem[addr >> 2]!; }

  /** set a value slot directly (initial memory contents; not a thread's store) */
  store(addr: number, v: number): void { this.mem[addr >> 2] = v; }

  /** Test and tool entry: a prefetch of `line` into `core` as if triggered at `time` by `site`. */
  prefetch(core: number, line: number, rfo: boolean, time: number, site: number): void {
    const t = new Txn().begin(core, core, -1, site, time, false, rfo);
    t.t = time;
    this.ctl.prefetch(t, line, rfo);
  }

  private notifyAccess(cpu: number, site: number, addr: number, kind: Access): void {
    for (const o of this.observers) o.onAccess?.(cpu, site, addr, kind);
  }

  /** An access of shared `line` found in core's L1 at `slot`, in a state it keeps (plainHit); `a` the cell's actions. */
  private l1Hit(cpu: number, core: number, line: number, slot: number, kind: Access, site: number, now: number, a: number): number {
    const st = this.stats, lat = this.lat.l1;
    this.countAccess(cpu, line, site);
    this.l1Tags.touch(slot);
    st.cpuL1Hit(cpu); st.cyc.l1 += lat;
    // e_holdLine's step with the cycle in hand, not through the request record: a third of
    // the bench program's accesses are locked RMW hits (single-thread bench ≈ +4 %).
    return this.finishAccess(core, line, kind, (a & A_E) === 0 ? now + lat : this.ctl.holdLine(line, now + lat, true, core));
  }

  private countAccess(cpu: number, line: number, site: number): void {
    const st = this.stats;
    st.cpuAccess(cpu);
    st.touchLine(line, site, cpu);
  }

  /** Demand access to a shared line whose state in `core` is `state`: its cell runs in the controller. */
  private sharedAccess(cpu: number, core: number, line: number, state: St, kind: Access, site: number, now: number, own: boolean): number {
    this.countAccess(cpu, line, site);
    // A read issued for ownership (see ir.ts markOwnershipReads) is a Store to the protocol.
    const rfo = kind !== ACC_READ || (own && this.rfoReads);
    const ci = cellIndex(this.proto, state, rfo && kind === ACC_READ ? EV_STORE : (kind as number));
    const x = this.dx.begin(cpu, core, line, site, now, false, rfo);
    if (this.check && kind === ACC_READ && state !== ST_I) this.checkValue(core, line);
    this.ctl.run(ci, x, core, state, true);
    const t = this.finishAccess(core, line, kind, x.t);
    if (this.check) checkLine(this, line);
    return t;
  }

  /** Data bookkeeping every demand access ends with: demand use clears the prefetch tag; a write bumps the version. */
  private finishAccess(core: number, line: number, kind: Access, t: number): number {
    const d = this.dir;
    if (d.isPfTagged(line, core)) d.setPfTag(line, core, false); // a load, not a store, on the common path
    if (kind !== ACC_READ) {
      d.version[line]!++;
      if (this.check) d.copyVersion[d.copy(line, core)] = d.version[line]!;
    }
    return t;
  }

  /**
   * Footprint-only touch of a private line: fills caches (evicting others' lines) but
   * costs no time. NOTE: its time is part of the workload's calibrated private work.
   */
  touchPrivate(cpu: number, line: number): void {
    this.caches.touchPrivate(this.coreOfCpu[cpu]!, line);
  }

  private checkValue(core: number, line: number): void {
    const d = this.dir;
    const v = d.copyVersion[d.copy(line, core)];
    if (v !== d.version[line]) {
      throw new Error(`data-value violation: core ${core} read line ${line} at version ${v} but the last write is version ${d.version[line]}`);
    }
  }
}
