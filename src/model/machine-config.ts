/**
 * The engine's view of a CPU profile: plain numbers, already resolved from the
 * sourced profile JSON (cpu-profiles/*.json) by src/profile. Latencies that leave
 * the core are in ns (cpu-facts.md convention) and converted to cycles by the engine.
 */

/** What the adjacent-line prefetcher requests for the buddy line. */
export type BuddyRequest = 'mirror' | 'read';
/** What the buddy prefetch does when another core holds the buddy in M/E. */
export type BuddyOnOwned = string;
/**
 * What an RFO trigger's buddy request does when the requesting core already holds the
 * buddy in S: `keep` (the pair is complete, nothing is requested) or `upgrade` (an RFO
 * prefetch upgrades it, invalidating the other sharers).
 */
export type SharedBuddy = 'keep' | 'upgrade';
export type PrefetchTrigger = 'request' | 'fill';
export type PrefetchQueue = 'behind' | 'ahead';

export interface PrefetchConfig {
  /** registered prefetcher name: 'none' | 'adjacent-line' | 'up-down' */
  kind: string;
  /** adjacent-line: pair size in bytes (128 on Intel) */
  pairBytes: number;
  buddyRequest: BuddyRequest;
  onOwned: BuddyOnOwned;
  /** absent = `keep` */
  sharedBuddy?: SharedBuddy;
  /**
   * When a demand miss sets the prefetchers off: `request` (absent = this), as the miss's
   * request goes out, so the prefetch travels alongside it; `fill` (ablation, the model
   * before session 9), once the demand's line has arrived.
   */
  trigger?: PrefetchTrigger;
  /**
   * A prefetch of a line whose home already has demand requests waiting: `behind` (absent =
   * this) waits behind them in the line's FIFO, as any request to that address would;
   * `ahead` (ablation, the model before session 10) is served as soon as the line frees,
   * ahead of them (workload/prefetch-agent.ts).
   */
  queue?: PrefetchQueue;
  /** further registered prefetchers that also see every demand fill (e.g. dcu-next-line, streamer) */
  also?: string[];
}

/** Capacity of one LLC domain's snoop filter (src/model/snoop-filter.ts). */
export interface SnoopFilterConfig {
  /** entries per LLC domain (sets = entries / ways) */
  entries: number;
  ways: number;
}

export interface CacheGeometry {
  kib: number;
  ways: number;
  /** load-to-use latency in core cycles */
  latCycles: number;
}

export interface MachineConfig {
  /** profile name (file stem) */
  name: string;
  /** core clock used to convert ns to cycles */
  freqGHz: number;
  lineBytes: number;
  sockets: number;
  coresPerSocket: number;
  /** hardware threads per core */
  smt: number;
  /** cores sharing one LLC: coresPerSocket on Intel, coresPerCcx on AMD */
  coresPerLlc: number;
  l1d: CacheGeometry;
  /**
   * inclusiveOfL1 false: the L2 is NINE of the L1 (not inclusive, not exclusive): an L2
   * victim the L1 still holds stays there; an L1 victim the L2 lacks leaves the core when
   * clean and is written back into the L2 when modified. Absent or true: L2 ⊇ L1 (an L2
   * victim leaves the L1 too).
   */
  l2: CacheGeometry & { inclusiveOfL1?: boolean };
  llc: {
    /** capacity of one LLC domain (socket or CCX) */
    kib: number;
    ways: number;
    latNs: number;
    /**
     * LLC round trip of the farthest slice minus the nearest (cycles): the spread of the
     * forwarded snoop's last hop by ring/mesh distance (latency.ts snoopLeadFor). 0 = none.
     */
    sliceSpreadCycles?: number;
    /** inclusive LLC with core-valid bits (Broadwell) vs non-inclusive + snoop filter */
    inclusive: boolean;
    /**
     * Non-inclusive LLC only: bounded snoop filter per domain. Absent = unbounded (the
     * precise directory alone, no SF conflicts). An inclusive LLC's core-valid bits are
     * its filter, so both together are an error.
     */
    snoopFilter?: SnoopFilterConfig;
  };
  /** one-way core-to-core transfer latency (CAS ping-pong RTT/2), ns */
  c2cNs: {
    smt: number;
    /** same LLC domain (same socket on Intel, same CCX on AMD) */
    sameLlc: number;
    /** different LLC domain on the same socket (AMD cross-CCX); = sameLlc on Intel */
    crossLlc: number;
    crossSocket: number;
  };
  dramNs: { local: number; remote: number };
  /** execution time of an uncontended locked RMW (line held, snoops deferred) */
  rmwCycles: number;
  /** cycles of one PAUSE (cpu_relax) between polls of a spin-wait loop (kernel spinlocks) */
  pauseCycles: number;
  prefetch: PrefetchConfig;
  /** replacement policy of every tag store (a registered name; default 'lru') */
  replacement?: string;
  /**
   * A load followed in straight-line code by a locked RMW/store to the same line is
   * requested for ownership once (out-of-order overlap), instead of GETS then upgrade.
   */
  loadRfoBeforeRmw?: boolean;
  /**
   * The core's TSO store buffer (store-buffer/store-buffer.ts): entries per core, whether
   * a store merges into the youngest entry of the same address, and the cycles a store
   * costs the core when it retires into the buffer. Absent: stores are timed like loads.
   */
  storeBuffer?: { entries: number; merge: boolean; storeCycles: number };
  /**
   * Who keeps a contended line (arbiter.ts): 'timing' (default) — a waiter's snoop is due
   * snoopLead after the line arrives and then wins over the holder's next access; 'coin'
   * — the earlier rule (the waiter runs when the line frees, ties by seeded draw), kept
   * for ablation.
   */
  arbitration?: 'timing' | 'coin';
  /**
   * SMT siblings share the L1D's fill buffers, so a thread's miss on a line its core-mate
   * already waits for joins that request (arbiter.ts). Default on; false for ablation.
   */
  smtMissMerge?: boolean;
  /**
   * Remote waiter first (arbiter.ts): when a contended line is granted within one socket
   * and a thread on another socket also waits, that thread is served next, ahead of the
   * holder socket's own waiters: its request reached the line's home agent over the socket
   * link, and the home's snoop is served before the local requests, which conflict at the
   * local LLC slice and are retried. Default on; false for ablation (plain FIFO order).
   */
  remoteFirst?: boolean;
  /** a snoop that crosses the socket link or the fabric between LLC domains reaches the holder later (latency.ts); default on, false for ablation */
  snoopLeadTopology?: boolean;
  /** a core-mate in a PAUSE spin-wait does not stretch the other's work (run-threads.ts); default on, false for ablation */
  smtSpinYields?: boolean;
  /** memory stalls (builder `stall`) stretch under SMT like work; default off (a DRAM miss is latency, not execution), true for ablation */
  smtStretchesStalls?: boolean;
  /** a locked RMW's line is locked against the core's other hardware thread: its stores and locked RMWs wait (arbiter.ts); default on, false for ablation */
  smtSiblingWaitsForLock?: boolean;
  /** a queued request of the core that holds the line (a merged SMT sibling, the store-buffer drain, a queued prefetch) runs when the line is free, with no snoop lead (arbiter.ts); default on, false for ablation */
  sameCoreAtFill?: boolean;
  /** multiplier on private-work cycles while the SMT sibling is also running */
  smtWorkFactor: number;
  /** per-workload calibration constants (e.g. pft.privateWorkCycles) */
  calibration: Record<string, number>;
}

/**
 * The same number, as a small integer when it is one. Profile values can arrive boxed
 * (a profile's number fields also hold fractions); geometry the engine indexes with
 * (cores, ways, sets) is passed through this once so V8 keeps those fields as
 * integers and index arithmetic stays integer arithmetic. Never changes a value.
 */
export function smallInt(x: number): number {
  return (x | 0) === x ? x | 0 : x;
}
