/**
 * Run statistics: global counters, where cycles went, per shared line (perf-c2c
 * style) and per (writer site → victim site) pair. Sites are program accesses named
 * by the workload layer (path + field), so every number can be attributed to fields.
 */
import type { Counters, CpuCounters, CycleBreakdown, FieldPairStat, LineStat } from '../experiment/result-types.ts';

export function zeroCounters(): Counters {
  return {
    accesses: 0, ops: 0, cycles: 0, ns: 0, l1Hits: 0, l2Hits: 0, llcHits: 0, misses: 0,
    invalidationsSent: 0, invalidationsReceived: 0, hitmLocal: 0, hitmRemote: 0, cleanForwards: 0,
    dramReads: 0, prefetchIssued: 0, prefetchDropped: 0, prefetchInvalidations: 0,
    prefetchUselessInv: 0, queueCycles: 0, sfBackInvalidations: 0,
  };
}

export function zeroBreakdown(): CycleBreakdown {
  return { work: 0, l1: 0, l2: 0, llc: 0, transferLocal: 0, transferRemote: 0, dram: 0, queue: 0, rmw: 0 };
}

/**
 * Per-CPU counters (CpuCounters), in per-cpu.csv column order. Every one sums over CPUs
 * to the global counter of the same name except invalidationsReceived: the invalidated
 * copy belongs to a core (its L1/L2), so it is counted per core and every CPU of that
 * core reports the core's count.
 */
export const CPU_COUNTERS = [
  'accesses', 'l1Hits', 'l2Hits', 'llcHits', 'misses', 'hitmLocal', 'hitmRemote',
  'invalidationsReceived', 'prefetchInvalidations', 'queueCycles',
] as const satisfies ReadonlyArray<keyof CpuCounters>;

/** Offsets in a CPU's row of Stats.perCpu (same order as CPU_COUNTERS). */
const enum Cpu { Accesses, L1Hits, L2Hits, LlcHits, Misses, HitmLocal, HitmRemote, InvalidationsReceived, PrefetchInvalidations, QueueCycles, N }

interface PairAcc { misses: number; viaPrefetch: number; remote: number; writerSite: number; victimSite: number }

/** Site counts up to this get a dense (writer, victim) index: 512² Int32 = 1 MiB. */
const MAX_DENSE_SITES = 512;

export class Stats {
  readonly c: Counters = zeroCounters();
  readonly cyc: CycleBreakdown = zeroBreakdown();
  readonly lineAccesses: Float64Array;
  readonly lineMisses: Float64Array;
  readonly lineHitmLocal: Float64Array;
  readonly lineHitmRemote: Float64Array;
  readonly lineInv: Float64Array;
  readonly linePfInv: Float64Array;
  /** bitsets: which sites / CPUs touched each line */
  private readonly lineSites: Uint8Array;
  private readonly lineCpus: Uint8Array;
  private readonly pairs = new Map<number, PairAcc>();
  /**
   * Dense accumulators for in-range site pairs (every coherence miss counts one, so no
   * Map lookup there): pairIndex[writer × nSites + victim] is the pair's row in
   * `pairRows`, 0 = none yet (row 0 is a placeholder, so the array holds objects from
   * the start and keeps one V8 elements kind across machines). Other keys (no site, or
   * too many sites for a dense index) go to `pairs`.
   */
  private readonly pairIndex: Int32Array;
  private readonly pairRows: PairAcc[] = [{ misses: 0, viaPrefetch: 0, remote: 0, writerSite: -1, victimSite: -1 }];
  /** per CPU, Cpu.N counters (invalidationsReceived unused: see invByCore) */
  private readonly perCpu: Float64Array;
  /** invalidations received, per core */
  private readonly invByCore: Float64Array;

  constructor(readonly nLines: number, readonly nSites: number, readonly nCpus: number, readonly nCores: number) {
    this.lineAccesses = new Float64Array(nLines);
    this.lineMisses = new Float64Array(nLines);
    this.lineHitmLocal = new Float64Array(nLines);
    this.lineHitmRemote = new Float64Array(nLines);
    this.lineInv = new Float64Array(nLines);
    this.linePfInv = new Float64Array(nLines);
    this.lineSites = new Uint8Array(nLines * nSites);
    this.lineCpus = new Uint8Array(nLines * nCpus);
    this.pairIndex = new Int32Array(nSites <= MAX_DENSE_SITES ? nSites * nSites : 0);
    this.perCpu = new Float64Array(nCpus * Cpu.N);
    this.invByCore = new Float64Array(nCores);
  }

  // Per-CPU counting, next to the global counters in machine.ts / coherence.ts.
  cpuAccess(cpu: number): void { this.perCpu[cpu * Cpu.N + Cpu.Accesses]!++; }
  cpuL1Hit(cpu: number): void { this.perCpu[cpu * Cpu.N + Cpu.L1Hits]!++; }
  cpuL2Hit(cpu: number): void { this.perCpu[cpu * Cpu.N + Cpu.L2Hits]!++; }
  cpuLlcHit(cpu: number): void { this.perCpu[cpu * Cpu.N + Cpu.LlcHits]!++; }
  cpuMiss(cpu: number): void { this.perCpu[cpu * Cpu.N + Cpu.Misses]!++; }
  /** `cpu`'s request was served from a modified line in another core (perf c2c HITM) */
  cpuHitm(cpu: number, remote: boolean): void { this.perCpu[cpu * Cpu.N + (remote ? Cpu.HitmRemote : Cpu.HitmLocal)]!++; }
  /** a prefetch triggered by `cpu`'s access invalidated another core's copy */
  cpuPrefetchInvalidation(cpu: number): void { this.perCpu[cpu * Cpu.N + Cpu.PrefetchInvalidations]!++; }
  cpuQueue(cpu: number, cycles: number): void { this.perCpu[cpu * Cpu.N + Cpu.QueueCycles]! += cycles; }
  /** `core`'s copy of a line was invalidated by another core's request */
  coreInvalidated(core: number): void { this.invByCore[core]!++; }

  /** The counters of `cpu` (on core `core`). */
  cpuCounters(cpu: number, core: number): CpuCounters {
    const row = this.perCpu.subarray(cpu * Cpu.N, (cpu + 1) * Cpu.N);
    const out = {} as CpuCounters;
    CPU_COUNTERS.forEach((k, i) => { out[k] = i === Cpu.InvalidationsReceived ? this.invByCore[core]! : row[i]!; });
    return out;
  }

  touchLine(line: number, site: number, cpu: number): void {
    this.lineAccesses[line]!++;
    if (site >= 0) this.lineSites[line * this.nSites + site] = 1;
    this.lineCpus[line * this.nCpus + cpu] = 1;
  }

  /** A coherence miss of `victimSite` on a line last invalidated by `writerSite`. */
  pair(writerSite: number, victimSite: number, viaPrefetch: boolean, remote: boolean): void {
    const n = this.nSites;
    let p: PairAcc | undefined;
    if (this.pairIndex.length > 0 && writerSite < n && victimSite >= 0 && victimSite < n) {
      const i = writerSite * n + victimSite;
      const row = this.pairIndex[i]!;
      if (row > 0) p = this.pairRows[row]!;
      else {
        p = { misses: 0, viaPrefetch: 0, remote: 0, writerSite, victimSite };
        this.pairIndex[i] = this.pairRows.length;
        this.pairRows.push(p);
      }
    } else {
      const key = writerSite * 65536 + victimSite;
      p = this.pairs.get(key);
      if (!p) { p = { misses: 0, viaPrefetch: 0, remote: 0, writerSite: Math.floor(key / 65536), victimSite: key % 65536 }; this.pairs.set(key, p); }
    }
    p.misses++;
    if (viaPrefetch) p.viaPrefetch++;
    if (remote) p.remote++;
  }

  fieldPairs(): FieldPairStat[] {
    const out: FieldPairStat[] = [];
    for (const p of [...this.pairRows.slice(1), ...this.pairs.values()]) {
      out.push({ writerSite: p.writerSite, victimSite: p.victimSite, misses: p.misses, viaPrefetch: p.viaPrefetch, remote: p.remote });
    }
    return out.sort((a, b) => b.misses - a.misses || a.writerSite - b.writerSite || a.victimSite - b.victimSite);
  }

  /** Hottest shared lines by coherence activity (then accesses), capped. */
  lines(lineBytes: number, cap = 32): LineStat[] {
    const idx: number[] = [];
    for (let l = 0; l < this.nLines; l++) if (this.lineAccesses[l]! > 0) idx.push(l);
    const heat = (l: number) => this.lineHitmLocal[l]! + this.lineHitmRemote[l]! + this.lineInv[l]! + this.linePfInv[l]!;
    idx.sort((a, b) => heat(b) - heat(a) || this.lineAccesses[b]! - this.lineAccesses[a]! || a - b);
    return idx.slice(0, cap).map((l) => {
      const sites: number[] = [], cpus: number[] = [];
      for (let s = 0; s < this.nSites; s++) if (this.lineSites[l * this.nSites + s]) sites.push(s);
      for (let c = 0; c < this.nCpus; c++) if (this.lineCpus[l * this.nCpus + c]) cpus.push(c);
      return {
        addr: l * lineBytes, accesses: this.lineAccesses[l]!, misses: this.lineMisses[l]!,
        hitmLocal: this.lineHitmLocal[l]!, hitmRemote: this.lineHitmRemote[l]!,
        invalidations: this.lineInv[l]!, prefetchInvalidations: this.linePfInv[l]!, sites, cpus,
      };
    });
  }
}
