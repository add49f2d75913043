/** A `perf c2c report --stdio` output as linesim reads it. Addresses stay hex strings (kernel addresses exceed 2^53). */
export interface C2cLine {
  index: number;
  address: string;
  /** share of the sorting metric (HITM or peer), % */
  pct: number | null;
  totalHitm: number | null;
  lclHitm: number | null;
  rmtHitm: number | null;
  records: number | null;
  loads: number | null;
  stores: number | null;
  /** 1-based line in the input */
  line: number;
  /** every column by "<group> <name>" */
  columns: Record<string, string>;
}

export interface ParetoRow {
  /** byte offset within the cacheline */
  offset: number;
  /** % of the line's remote / local HITM (peer snoops in peer display), stores L1 hit / miss */
  pctRmt: number;
  pctLcl: number;
  pctStoreL1Hit: number | null;
  pctStoreL1Miss: number | null;
  node: string;
  pid: string | null;
  tid: string | null;
  codeAddress: string | null;
  cyclesRmt: number | null;
  cyclesLcl: number | null;
  cyclesLoad: number | null;
  records: number | null;
  cpuCount: number | null;
  symbol: string;
  object: string;
  source: string;
  line: number;
}

export interface ParetoLine {
  index: number;
  address: string;
  /** the line's remote / local HITM counts (peer snoops in peer display) */
  rmt: number;
  lcl: number;
  storeL1Hit: number | null;
  storeL1Miss: number | null;
  rows: ParetoRow[];
  line: number;
}

export interface C2cReport {
  source: string;
  /** what Rmt/Lcl count: HITMs (default) or peer snoops (`-d peer`, Arm SPE) */
  display: 'hitm' | 'peer';
  /** "Trace Event Information" and friends: key → value as printed */
  stats: Record<string, string>;
  lines: C2cLine[];
  pareto: ParetoLine[];
}
