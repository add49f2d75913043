/**
 * The model's small vocabulary (ZSim style): coherence states, request types,
 * access kinds. Everything else in src/model speaks these words.
 */

/** MESI state of a line in one core's private caches. Integer-coded for typed arrays. */
export const enum St { I = 0, S = 1, E = 2, M = 3 }
export const STATE_NAMES = ['I', 'S', 'E', 'M'] as const;
export type StateName = (typeof STATE_NAMES)[number];

/** What a program asks of memory. */
export const enum Access {
  /** plain load */
  Read = 0,
  /** plain store */
  Write = 1,
  /** locked read-modify-write (lock add/xadd/cmpxchg/inc-not-zero): needs M and holds the line */
  Rmw = 2,
}
export const ACCESS_NAMES = ['read', 'write', 'rmw'] as const;

/**
 * Coherence requests a core sends to the directory, and who triggers them.
 * GETS: read miss (demand or read prefetch). GETX: write/RMW miss or S→M upgrade
 * (demand or RFO prefetch). PUTS/PUTX: eviction of a clean/dirty line.
 */
export const enum Req { GETS = 0, GETX = 1, PUTS = 2, PUTX = 3 }
export const REQ_NAMES = ['GETS', 'GETX', 'PUTS', 'PUTX'] as const;

/** Where the data (or ownership) for a request came from; drives latency and stats. */
export const enum Src {
  L1 = 0,
  L2 = 1,
  /** clean hit in the requester's LLC domain */
  Llc = 2,
  /** line M/E in an SMT sibling (same core): no transfer */
  Sibling = 3,
  /** line M/E in another core of the same LLC domain */
  PeerLocal = 4,
  /** line M/E in a core of another LLC domain on the same socket (AMD cross-CCX) */
  PeerCrossLlc = 5,
  /** line M/E in a core on another socket */
  PeerRemote = 6,
  /** clean copy only in another socket's LLC / cores */
  RemoteLlc = 7,
  DramLocal = 8,
  DramRemote = 9,
}
export const SRC_NAMES = [
  'l1', 'l2', 'llc', 'sibling', 'peer_local', 'peer_cross_llc', 'peer_remote', 'remote_llc',
  'dram_local', 'dram_remote',
] as const;
export const N_SRC = SRC_NAMES.length;
