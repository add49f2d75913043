/**
 * The machine's state without the access logic: caches per core and per LLC domain,
 * the directory, simulated memory and statistics. Address map: shared lines are
 * 0..sharedLines-1 (placed by the workload's arena); each CPU owns a private region of
 * PRIVATE_REGION_LINES lines from PRIVATE_BASE_LINE, never touched by another core.
 */
import { SetAssoc } from './cache/set-assoc.ts';
import { replacementPolicy } from './replacement/registry.ts';
import { Directory } from './directory.ts';
import { SnoopFilter } from './snoop-filter.ts';
import { buildLatencies, type Latencies } from './latency.ts';
import { smallInt, type MachineConfig } from './machine-config.ts';
import { Stats } from './stats.ts';
import { buildTopology, type Topology } from './topology/topology.ts';
import { compileProtocol, type CompiledProtocol } from './protocol/compiled.ts';

export const PRIVATE_BASE_LINE = 1 << 22;
export const PRIVATE_REGION_LINES = 1 << 16;

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
  replacement?: string;
}

export class CoreState {
  readonly topo: Topology;
  readonly lat: Latencies;
  readonly dir: Directory;
  readonly stats: Stats;
  readonly proto: CompiledProtocol;
  /** private caches, one bank per core */
  readonly l1: SetAssoc;
  readonly l2: SetAssoc;
  /** last-level cache, one bank per LLC domain */
  readonly llc: SetAssoc;
  /** bounded snoop filter per LLC domain (non-inclusive LLC with llc.snoopFilter), else null */
  readonly sf: SnoopFilter | null = null;
  /** 4-byte value slots, 16 per shared line */
  readonly mem: Float64Array;
  readonly nCores: number;
  readonly sharedLines: number;
  readonly check: boolean;
  readonly homeSocket: number;
  readonly lineShift: number;
  /**
   * CPU of the demand access being processed: per-CPU counts of what it causes further
   * down (HITM, LLC hits, prefetch invalidations of the prefetches it triggers).
   */
  curCpu = 0;
  /** cfg.llc.inclusive (read on every fill) */
  readonly inclusiveLlc: boolean;

  constructor(readonly cfg: MachineConfig, opts: MachineOptions) {
    this.topo = buildTopology(cfg);
    this.lat = buildLatencies(cfg, this.topo);
    this.nCores = this.topo.nCores;
    this.sharedLines = smallInt(opts.sharedLines);
    this.check = opts.check ?? false;
    this.homeSocket = smallInt(opts.homeSocket ?? 0);
    this.proto = opts.protocol ?? compileProtocol();
    this.inclusiveLlc = cfg.llc.inclusive;
    this.lineShift = smallInt(Math.log2(cfg.lineBytes));
    if (!Number.isInteger(this.lineShift)) throw new Error(`lineBytes ${cfg.lineBytes} is not a power of two`);
    this.dir = new Directory(opts.sharedLines, this.nCores, this.check);
    this.stats = new Stats(this.sharedLines, smallInt(opts.nSites), this.topo.nCpus, this.nCores);
    this.mem = new Float64Array(opts.sharedLines * (cfg.lineBytes >> 2));
    const repl = opts.replacement ?? 'lru';
    const lines = (kib: number) => Math.floor((kib * 1024) / cfg.lineBytes);
    this.l1 = new SetAssoc(this.nCores, lines(cfg.l1d.kib), cfg.l1d.ways, replacementPolicy(repl), opts.sharedLines);
    this.l2 = new SetAssoc(this.nCores, lines(cfg.l2.kib), cfg.l2.ways, replacementPolicy(repl), opts.sharedLines);
    this.llc = new SetAssoc(this.topo.nDomains, lines(cfg.llc.kib), cfg.llc.ways, replacementPolicy(repl), opts.sharedLines);
    if (cfg.llc.snoopFilter) {
      if (cfg.llc.inclusive) throw new Error('llc.snoopFilter with an inclusive LLC: the core-valid bits of an inclusive LLC are its snoop filter');
      this.sf = new SnoopFilter(cfg.llc.snoopFilter, this.topo, opts.sharedLines, this.dir.words, repl);
    }
  }

  lineOf(addr: number): number {
    // Simulated addresses stay below 2^32 (shared arena + private regions), so a shift is exact.
    return addr >>> this.lineShift;
  }

  isShared(line: number): boolean {
    return line < this.sharedLines;
  }

  /** k-th private line of a CPU's region (wraps). */
  privateLine(cpu: number, k: number): number {
    return PRIVATE_BASE_LINE + cpu * PRIVATE_REGION_LINES + (k % PRIVATE_REGION_LINES);
  }

  privateOwnerCore(line: number): number {
    const cpu = Math.floor((line - PRIVATE_BASE_LINE) / PRIVATE_REGION_LINES);
    return this.topo.coreOfCpu[cpu]!;
  }

  /** read a value slot (4-byte granularity; 8-byte fields use their first slot) */
  load(addr: number): number {
    return this.mem[addr >> 2]!;
  }

  store(addr: number, v: number): void {
    this.mem[addr >> 2] = v;
  }
}
