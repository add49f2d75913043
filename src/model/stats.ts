/**
 * Run statistics: global counters, where cycles went, per shared line (perf-c2c
 * style) and per (writer site → victim site) pair. Sites are program accesses named
 * by the workload layer (path + field), so every number can be attributed to fields.
 */
import { doubleFields } from '../util/double-fields.ts';
import type { Counters, CpuCounters, CycleBreakdown, FieldPairStat, LineStat } from './result-types.ts';

export function zeroCounters(): Counters {
  // cycle sums take fractions (util/double-fields.ts)
  return doubleFields<Counters>({
    accesses: 0, ops: 0, cycles: 0, ns: 0, l1Hits: 0, l2Hits: 0, llcHits: 0, misses: 0,
    invalidationsSent: 0, invalidationsReceived: 0, hitmLocal: 0, hitmRemote: 0, cleanForwards: 0,
    dramReads: 0, prefetchIssued: 0, prefetchDropped: 0, prefetchInvalidations: 0,
    prefetchUselessInv: 0, queueCycles: 0, sfBackInvalidations: 0,
  }, ['cycles', 'ns', 'queueCycles']);
}

export function zeroBreakdown(): CycleBreakdown {
  const b = { work: 0, l1: 0, l2: 0, llc: 0, transferLocal: 0, transferRemote: 0, dram: 0, queue: 0, rmw: 0 };
  return doubleFields<CycleBreakdown>(b, Object.keys(b) as (keyof CycleBreakdown)[]); // cycles take fractions (util/double-fields.ts)
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

/** Counter rows of Stats.perCpu (same order as CPU_COUNTERS). */
const enum Cpu { Accesses, L1Hits, L2Hits, LlcHits, Misses, HitmLocal, HitmRemote, InvalidationsReceived, PrefetchInvalidations, QueueCycles, N }

/** Offsets in a shared line's row of Stats.perLine. */
const enum Ln { Accesses, Misses, HitmLocal, HitmRemote, Inv, PfInv, N }

interface PairAcc { misses: number; viaPrefetch: number; remote: number; writerSite: number; victimSite: number }

/** Site counts up to this get a dense (writer, victim) index: 512² Int32 = 1 MiB. */
const MAX_DENSE_SITES = 512;

export class Stats {
  /**
   * The counters as the engine bumps them, except `accesses` and `l1Hits`: every access
   * and every L1 hit is counted once, in its CPU's row (perCpu), and `c` sums the rows
   * (integers, so exactly) when read. Write counters here; read them from `c`.
   */
  readonly n: Counters = zeroCounters();

  /** The run's counters (accesses and l1Hits summed over the CPUs' rows now). */
  get c(): Counters {
    const n = this.n;
    n.accesses = this.rowSum(Cpu.Accesses);
    n.l1Hits = this.rowSum(Cpu.L1Hits);
    return n;
  }

  private rowSum(row: Cpu): number {
    let s = 0;
    for (let i = row * this.nCpus, end = i + this.nCpus; i < end; i++) s += this.perCpu[i]!;
    return s;
  }
  readonly cyc: CycleBreakdown = zeroBreakdown();
  /**
   * Per shared line, Ln.N counters side by side (48 bytes: an access and a miss of a
   * line update one record, not six arrays).
   */
  private readonly perLine: Float64Array;
  /** per shared line, `touchStride` flags: which sites (first nSites) and CPUs touched it */
  private readonly touched: Uint8Array;
  private readonly touchStride: number;
  private readonly pairs = new Map<number, PairAcc>();
  /**
   * Dense accumulators for in-range site pairs (every coherence miss counts one, so no
   * Map lookup and no object there): pairIndex[writer × nSites + victim] is the pair's
   * row + 1 (0 = none yet); row r counts in pairStat[r × 3 ..] (misses, via prefetch,
   * remote) and names its sites in pairSites[r × 2 ..]. The row arrays double as needed.
   * Other keys (no site, or too many sites for a dense index) go to `pairs`.
   */
  private readonly pairIndex: Int32Array;
  private pairStat = new Float64Array(3 * 16);
  private pairSites = new Int32Array(2 * 16);
  private pairCount = 0;
  /**
   * Cpu.N rows of one counter for every CPU (invalidationsReceived unused: see invByCore).
   * Counter-major: the hit path bumps two counters of whichever CPU runs, so two rows
   * shared by all CPUs stay cached, not one 80-byte row per CPU.
   */
  private readonly perCpu: Float64Array;
  /** invalidations received, per core */
  private readonly invByCore: Float64Array;

  constructor(readonly nLines: number, readonly nSites: number, readonly nCpus: number, readonly nCores: number) {
    this.perLine = new Float64Array(nLines * Ln.N);
    this.touchStride = nSites + nCpus;
    this.touched = new Uint8Array(nLines * this.touchStride);
    this.pairIndex = new Int32Array(nSites <= MAX_DENSE_SITES ? nSites * nSites : 0);
    this.perCpu = new Float64Array(nCpus * Cpu.N);
    this.invByCore = new Float64Array(nCores);
  }

  // Per-CPU counting, next to the global counters (`n`) in machine.ts / controller.ts / caches.ts.
  cpuAccess(cpu: number): void { this.perCpu[Cpu.Accesses * this.nCpus + cpu]!++; }
  cpuL1Hit(cpu: number): void { this.perCpu[(Cpu.L1Hits) * this.nCpus + cpu]!++; }
  cpuL2Hit(cpu: number): void { this.perCpu[(Cpu.L2Hits) * this.nCpus + cpu]!++; }
  cpuLlcHit(cpu: number): void { this.perCpu[Cpu.LlcHits * this.nCpus + cpu]!++; }
  /** a demand miss (or upgrade) of `cpu` on shared `line` */
  miss(cpu: number, line: number): void {
    this.n.misses++;
    this.perCpu[Cpu.Misses * this.nCpus + cpu]!++;
    this.perLine[line * Ln.N + Ln.Misses]!++;
  }
  /** `cpu`'s request for `line` was served from a modified line in another core (perf c2c HITM) */
  hitm(cpu: number, line: number, remote: boolean): void {
    if (remote) this.n.hitmRemote++; else this.n.hitmLocal++;
    this.perCpu[(remote ? Cpu.HitmRemote : Cpu.HitmLocal) * this.nCpus + cpu]!++;
    this.perLine[line * Ln.N + (remote ? Ln.HitmRemote : Ln.HitmLocal)]!++;
  }
  /** core `victim`'s copy of `line` was invalidated by `cpu`'s request, or by a prefetch it triggered (`pf`) */
  invalidated(cpu: number, victim: number, line: number, pf: boolean): void {
    const c = this.n;
    c.invalidationsSent++;
    c.invalidationsReceived++;
    this.invByCore[victim]!++;
    this.perLine[line * Ln.N + Ln.Inv]!++;
    if (pf) {
      c.prefetchInvalidations++;
      this.perCpu[Cpu.PrefetchInvalidations * this.nCpus + cpu]!++;
      this.perLine[line * Ln.N + Ln.PfInv]!++;
    }
  }
  cpuQueue(cpu: number, cycles: number): void { this.perCpu[Cpu.QueueCycles * this.nCpus + cpu]! += cycles; }

  /** The counters of `cpu` (on core `core`). */
  cpuCounters(cpu: number, core: number): CpuCounters {
    const out = {} as CpuCounters;
    CPU_COUNTERS.forEach((k, i) => { out[k] = i === Cpu.InvalidationsReceived ? this.invByCore[core]! : this.perCpu[i * this.nCpus + cpu]!; });
    return out;
  }

  /** An access by `cpu` at program site `site` (-1: none) touched shared `line`. */
  touchLine(line: number, site: number, cpu: number): void {
    this.perLine[line * Ln.N + Ln.Accesses]!++;
    const t = line * this.touchStride;
    if (site >= 0) this.touched[t + site] = 1;
    this.touched[t + this.nSites + cpu] = 1;
  }


  /** A coherence miss of `victimSite` on a line last invalidated by `writerSite`. */
  pair(writerSite: number, victimSite: number, viaPrefetch: boolean, remote: boolean): void {
    const n = this.nSites;
    if (this.pairIndex.length > 0 && writerSite < n && victimSite >= 0 && victimSite < n) {
      const i = writerSite * n + victimSite;
      let row = this.pairIndex[i]! - 1;
      if (row < 0) row = this.newPair(i, writerSite, victimSite);
      const s = this.pairStat, b = row * 3;
      s[b]!++;
      if (viaPrefetch) s[b + 1]!++;
      if (remote) s[b + 2]!++;
      return;
    }
    const key = writerSite * 65536 + victimSite;
    let p = this.pairs.get(key);
    if (!p) { p = { misses: 0, viaPrefetch: 0, remote: 0, writerSite: Math.floor(key / 65536), victimSite: key % 65536 }; this.pairs.set(key, p); }
    p.misses++;
    if (viaPrefetch) p.viaPrefetch++;
    if (remote) p.remote++;
  }

  private newPair(i: number, writerSite: number, victimSite: number): number {
    const row = this.pairCount++;
    if (row * 3 >= this.pairStat.length) {
      const stat = new Float64Array(this.pairStat.length * 2), sites = new Int32Array(this.pairSites.length * 2);
      stat.set(this.pairStat); sites.set(this.pairSites);
      this.pairStat = stat; this.pairSites = sites;
    }
    this.pairSites[row * 2] = writerSite;
    this.pairSites[row * 2 + 1] = victimSite;
    this.pairIndex[i] = row + 1;
    return row;
  }

  fieldPairs(): FieldPairStat[] {
    const out: FieldPairStat[] = [];
    for (let r = 0; r < this.pairCount; r++) {
      const s = this.pairStat;
      out.push({ writerSite: this.pairSites[r * 2]!, victimSite: this.pairSites[r * 2 + 1]!, misses: s[r * 3]!, viaPrefetch: s[r * 3 + 1]!, remote: s[r * 3 + 2]! });
    }
    for (const p of this.pairs.values()) {
      out.push({ writerSite: p.writerSite, victimSite: p.victimSite, misses: p.misses, viaPrefetch: p.viaPrefetch, remote: p.remote });
    }
    return out.sort((a, b) => b.misses - a.misses || a.writerSite - b.writerSite || a.victimSite - b.victimSite);
  }

  /** Hottest shared lines by coherence activity (then accesses), capped. */
  lines(lineBytes: number, cap = 32): LineStat[] {
    const idx: number[] = [];
    const v = (l: number, k: Ln) => this.perLine[l * Ln.N + k]!;
    for (let l = 0; l < this.nLines; l++) if (v(l, Ln.Accesses) > 0) idx.push(l);
    const heat = (l: number) => v(l, Ln.HitmLocal) + v(l, Ln.HitmRemote) + v(l, Ln.Inv) + v(l, Ln.PfInv);
    idx.sort((a, b) => heat(b) - heat(a) || v(b, Ln.Accesses) - v(a, Ln.Accesses) || a - b);
    return idx.slice(0, cap).map((l) => {
      const sites: number[] = [], cpus: number[] = [], t = l * this.touchStride;
      for (let s = 0; s < this.nSites; s++) if (this.touched[t + s]) sites.push(s);
      for (let c = 0; c < this.nCpus; c++) if (this.touched[t + this.nSites + c]) cpus.push(c);
      return {
        addr: l * lineBytes, accesses: v(l, Ln.Accesses), misses: v(l, Ln.Misses),
        hitmLocal: v(l, Ln.HitmLocal), hitmRemote: v(l, Ln.HitmRemote),
        invalidations: v(l, Ln.Inv), prefetchInvalidations: v(l, Ln.PfInv), sites, cpus,
      };
    });
  }
}
