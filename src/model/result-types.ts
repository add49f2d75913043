/**
 * Shapes of simulation results, shared by the engine (stats), the workload kinds, the
 * experiment runner, the worker pool and the report layer. They live at the bottom
 * (next to stats.ts) so every layer can name them without importing upward.
 * A *point* is one cell of an experiment's sweep (layout × profile × prefetch ×
 * threads × other axes); it is simulated `iterations` times with derived seeds.
 */

/** A metric a workload reports per iteration (e.g. faults_per_sec). */
export interface MetricSpec {
  name: string;
  unit: string;
  /** how iterations are summarised: rates use the harmonic mean (as mmtests does) */
  aggregate: 'hmean' | 'mean';
  higherIsBetter: boolean;
}

/** Counters from one simulated run; all integers except where noted. */
export interface Counters {
  accesses: number;
  /** completed operations of the workload (faults, round trips, ...) */
  ops: number;
  cycles: number;
  ns: number;
  l1Hits: number;
  l2Hits: number;
  llcHits: number;
  misses: number;
  invalidationsSent: number;
  invalidationsReceived: number;
  hitmLocal: number;
  hitmRemote: number;
  /** clean E-line forwards from another core */
  cleanForwards: number;
  dramReads: number;
  prefetchIssued: number;
  prefetchDropped: number;
  /** invalidations of other cores' copies caused by a prefetch */
  prefetchInvalidations: number;
  /** prefetched lines invalidated before any demand use */
  prefetchUselessInv: number;
  /** cycles a request waited for a line busy with another transfer/RMW */
  queueCycles: number;
  /** snoop-filter conflicts: SF entries evicted, each back-invalidating its line from every private cache of the domain */
  sfBackInvalidations: number;
}

/** Where thread cycles went (summed over threads). */
export interface CycleBreakdown {
  work: number;
  l1: number;
  l2: number;
  llc: number;
  transferLocal: number;
  transferRemote: number;
  dram: number;
  queue: number;
  rmw: number;
}

/** A code site: one access in a program, named for attribution. */
export interface SiteInfo {
  id: number;
  /** code path / kernel function, e.g. "vma_start_read" */
  path: string;
  /** object name, e.g. "vma", "vma_lock", "mm" */
  object: string;
  /** field name, or "+off" when the access is not to a named field */
  field: string;
  offset: number;
  size: number;
  access: 'read' | 'write' | 'rmw';
}

/** A coherence miss or prefetch invalidation attributed to (writer site → victim site). */
export interface FieldPairStat {
  writerSite: number;
  victimSite: number;
  /** coherence misses of the victim caused by the writer's invalidation */
  misses: number;
  /** of which the invalidation came from a prefetch triggered at writerSite */
  viaPrefetch: number;
  /** of which the victim was on another socket */
  remote: number;
}

/** Per-cacheline counters (perf-c2c style). `addr` is the line's byte address. */
export interface LineStat {
  addr: number;
  accesses: number;
  misses: number;
  hitmLocal: number;
  hitmRemote: number;
  invalidations: number;
  prefetchInvalidations: number;
  /** site ids that accessed this line */
  sites: number[];
  /** hardware threads (CPU numbers) that accessed this line */
  cpus: number[];
}

/** Counters of one hardware thread (CPU); see CPU_COUNTERS in src/model/stats.ts. */
export interface CpuCounters {
  accesses: number;
  l1Hits: number;
  l2Hits: number;
  llcHits: number;
  misses: number;
  /** this CPU's requests served from a line modified in another core, same / other socket */
  hitmLocal: number;
  hitmRemote: number;
  /** copies in this CPU's core invalidated by other cores' requests (per core: SMT siblings report the same count) */
  invalidationsReceived: number;
  /** other cores' copies invalidated by prefetches this CPU's accesses triggered */
  prefetchInvalidations: number;
  /** cycles this CPU's requests waited for a busy line */
  queueCycles: number;
}

/** Per-CPU counters of a run, for a CPU that ran a thread. */
export interface CpuStat extends CpuCounters {
  /** Linux CPU number */
  cpu: number;
  /** "s1c0t1": socket, core on the socket, SMT thread (as in a role's "cpus") */
  label: string;
  socket: number;
  core: number;
  smt: number;
  /** measured operations (after warmup) of the threads on this CPU; absent in results written before session 14 */
  ops?: number;
  /** those operations over their threads' measured busy time, per second: which CPUs a contended line starves */
  opsPerSec?: number;
}

/**
 * One role of a run (a group of threads running the same program, e.g. "writer",
 * "reader"): its throughput and the distribution of its per-operation latency, where an
 * operation's latency is the cycles between a thread's consecutive `done` steps (the
 * first measured one counts from the end of warmup, or from cycle 0 without warmup).
 */
export interface RoleStat {
  role: string;
  /** threads in the role */
  threads: number;
  /** measured operations of the role's threads */
  ops: number;
  /** role ops per wall second: ops / (latest end − earliest measured start of the role) */
  opsPerSec: number;
  /** mean per-operation latency in ns (= summed thread time / ops) */
  nsPerOp: number;
  /** per-operation latency percentiles (nearest rank) and maximum, ns */
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  maxNs: number;
}

/** Result of simulating one iteration of a point. */
export interface RunResult {
  seed: number;
  metrics: Record<string, number>;
  counters: Counters;
  breakdown: CycleBreakdown;
  /** perf-c2c style lines, hottest first (capped) */
  lines: LineStat[];
  fieldPairs: FieldPairStat[];
  /** CPUs that ran a thread, by CPU number (absent from workload kinds that do not fill it) */
  perCpu?: CpuStat[];
  /** per role, in the order roles first appear among the threads (kinds that name roles) */
  perRole?: RoleStat[];
}

/** Axis values that identify a point; keys are axis names (layout, profile, prefetch, threads, ...). */
export type PointCoords = Record<string, string | number>;

export interface PointResult {
  /** content hash of the point's effective config (resume key) */
  key: string;
  coords: PointCoords;
  metrics: MetricSpec[];
  sites: SiteInfo[];
  runs: RunResult[];
}
