/**
 * The shapes of a CPU profile as TypeScript sees them. The zod schemas in schema.ts
 * validate exactly these (tests load every shipped profile through both).
 */

/** A number with its provenance: "[S] stated", "[M] computed", "[L] measured locally", "[E] estimate". */
export interface Sourced {
  v: number;
  src: string;
  note?: string;
}

export interface CacheSpec {
  kib: Sourced;
  ways: Sourced;
  latCycles: Sourced;
  note?: string;
}

/**
 * Bounded snoop filter of a non-inclusive LLC (src/model/snoop-filter.ts). Intel puts a
 * slice of it in each CHA, one per core, so the capacity is given per core; one LLC
 * domain's filter has entriesPerCore × cores-per-domain entries.
 */
export interface SnoopFilterSpec {
  entriesPerCore: Sourced;
  ways: Sourced;
  note?: string;
}

export interface LlcSpec {
  /** Intel: per-core slice; one LLC domain (socket) = kibPerCore × coresPerSocket */
  kibPerCore?: Sourced;
  /** AMD: capacity of one CCX's L3 */
  kibPerDomain?: Sourced;
  ways: Sourced;
  /** exactly one of latNs / latCycles, whichever unit the source gave */
  latNs?: Sourced;
  latCycles?: Sourced;
  /** LLC round-trip latency of the farthest slice minus the nearest one, core cycles; absent = 0 */
  sliceSpreadCycles?: Sourced;
  inclusive: boolean;
  /** non-inclusive LLC only; absent or "none" = unbounded (the precise directory alone) */
  snoopFilter?: SnoopFilterSpec | 'none';
  note?: string;
}

export interface C2cSpec {
  smt: Sourced;
  /** Intel: same socket (= same LLC) */
  sameSocket?: Sourced;
  /** AMD: same CCX / other CCX on the same socket */
  sameCcx?: Sourced;
  crossCcx?: Sourced;
  crossSocket: Sourced;
  note?: string;
}

/** a registered prefetcher's name (src/model/prefetch/<name>/) */
export type PrefetchKind = string;

export interface PrefetchSpec {
  kind: PrefetchKind;
  pairBytes: Sourced;
  buddyRequest: 'mirror' | 'read';
  /** an RFO trigger's buddy already held S: `keep` (absent = keep) or `upgrade` */
  sharedBuddy?: 'keep' | 'upgrade';
  /** a registered prefetch-snoop policy (src/model/snoop/<name>/) */
  onOwned: string;
  /** when a demand miss sets the prefetchers off: `request` (absent = request) or `fill` (ablation) */
  trigger?: 'request' | 'fill';
  /** a prefetch of a line with demand requests waiting at its home: served `behind` them (absent = behind) or `ahead` of them (ablation) */
  queue?: 'behind' | 'ahead';
  /** further registered prefetchers that also see every demand fill */
  also?: string[];
  note?: string;
}

/** The effective profile: after extends and overrides, every required field present. */
export interface ProfileData {
  /** a load followed by a locked RMW/store to the same line is one RFO (MachineConfig) */
  loadRfoBeforeRmw?: boolean;
  loadRfoBeforeRmwNote?: string;
  /** who keeps a contended line (src/model/arbiter.ts); default timing */
  arbitration?: 'timing' | 'coin';
  /** SMT siblings' misses to one line join one request (src/model/arbiter.ts); default true */
  smtMissMerge?: boolean;
  /** a snoop across sockets / LLC domains reaches the holder later (src/model/latency.ts); default true */
  snoopLeadTopology?: boolean;
  /** a waiter on another socket is served before the holder socket's own waiters (src/model/arbiter.ts); default true */
  remoteFirst?: boolean;
  /** a core-mate in a PAUSE spin-wait does not stretch the other's work (src/workload/run-threads.ts); default true */
  smtSpinYields?: boolean;
  /** memory stalls stretch under SMT like work (ablation); default false */
  smtStretchesStalls?: boolean;
  /** the core-mate's stores and locked RMWs wait for a locked RMW's line (src/model/arbiter.ts); default true */
  smtSiblingWaitsForLock?: boolean;
  /** a queued request of the core that holds the line runs when the line is free, with no snoop lead (src/model/arbiter.ts); default true */
  sameCoreAtFill?: boolean;
  /** the core's TSO store buffer; absent: none */
  storeBuffer?: { entries: Sourced; merge: boolean; storeCycles: Sourced; note?: string };
  description?: string;
  sources?: string;
  vendor: 'intel' | 'amd';
  lineBytes: Sourced;
  freqGHz: Sourced;
  sockets: Sourced;
  coresPerSocket: Sourced;
  /** AMD only: cores per CCX (the LLC domain) */
  coresPerCcx?: Sourced;
  smt: Sourced;
  l1d: CacheSpec;
  /** inclusiveOfL1: whether the L2 holds every L1 line (absent = true) */
  l2: CacheSpec & { inclusiveOfL1?: boolean };
  llc: LlcSpec;
  c2cNs: C2cSpec;
  dramNs: { local: Sourced; remote: Sourced; note?: string };
  rmwCycles: Sourced;
  /** latency of one PAUSE (cpu_relax) in a spin-wait loop */
  pauseCycles: Sourced;
  smtWorkFactor: Sourced;
  prefetch: PrefetchSpec;
  /** a registered replacement policy (src/model/replacement/<name>/); default lru */
  replacement?: string;
  calibration: Record<string, Sourced>;
}

type DeepPartial<T> = T extends Sourced ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
type DeepPartialLoose<T> = T extends Sourced ? T | number : T extends object ? { [K in keyof T]?: DeepPartialLoose<T[K]> } : T;

/** One profile file as written: any subset of the fields, plus `extends`. */
export type ProfileFile = DeepPartial<ProfileData> & { $schema?: string; extends?: string };

/** An override as an experiment gives it: any subset; numbers may be plain. */
export type ProfileOverride = DeepPartialLoose<Omit<ProfileData, 'description' | 'sources'>>;

/** A loaded profile: the data plus where it came from. */
export interface EffectiveProfile {
  /** profile name: the leaf file's stem */
  name: string;
  /** the leaf file */
  file: string;
  /** files of the extends chain, leaf first */
  chain: string[];
  /** labels of the overrides applied, in order */
  overrides: string[];
  data: ProfileData;
}
