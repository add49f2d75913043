/** The run loop's records: what a thread is given, what it returns, its state while it runs. */
import type { Machine } from '../model/machine.ts';
import type { StoreBuffer } from '../model/store-buffer/store-buffer.ts';
import { doubleFields } from '../util/double-fields.ts';
import type { Rng } from '../util/rng.ts';
import type { CompiledProgram, Instr } from './ir.ts';
import type { ThreadHeap } from './thread-heap.ts';

// memAccess's answers besides a completion cycle (≥ 0)
export const BLOCKED_REQUEUE = -1, BLOCKED_QUEUED = -2;
// SimThread.sbWait: why a thread is off the heap waiting for its store buffer
export const SB_NONE = 0, SB_FULL = 1, SB_EMPTY = 2;

export interface ThreadSpec { cpu: number; program: CompiledProgram }

export interface RunOptions {
  seed: number;
  /** operations (Done steps) per thread before measurement starts */
  warmupOps: number;
  /** safety stop: give up after this many simulated cycles */
  maxCycles?: number;
  /** multiplier on Work cycles while an SMT sibling CPU runs a thread */
  smtWorkFactor: number;
  /** other CPUs on the same core as `cpu` */
  siblingsOf: (cpu: number) => number[];
  /** keep every thread's clock at each Done (per-operation latency) in ThreadResult.doneAt */
  recordDone?: boolean;
}

export interface ThreadResult {
  cpu: number;
  /** measured operations (after warmup) */
  ops: number;
  tStart: number;
  tEnd: number;
  workCycles: number;
  /** cycles of PAUSE spinning (work between a spinHint on and off), warmup included */
  spinCycles: number;
  /** clock at each Done, warmup included (only with RunOptions.recordDone) */
  doneAt?: number[];
}

export interface SimThread {
  /** index into the thread list: the id used by the heap and the line FIFOs */
  id: number; cpu: number; code: Instr[];
  spec: ThreadSpec; pc: number; clock: number; regs: Float64Array;
  done: number; tStart: number; halted: boolean; cursor: number; rng: Rng; work: number;
  /** 1 while in a PAUSE spin-wait (builder spinHint), and the work cycles spent so */
  inSpin: number; spin: number;
  /** the thread's store buffer (profile storeBuffer), or null: stores are timed like loads */
  sb: StoreBuffer | null;
  /** a thread: its store buffer's drainer; a drainer: null */
  drainer: SimThread | null;
  /**
   * a drainer: the thread whose buffer it drains; a queued-prefetch agent
   * (prefetch-agent.ts): the run's first thread, and no store buffer; a thread: null
   */
  owner: SimThread | null;
  /** a thread: SB_FULL / SB_EMPTY while it waits for its buffer; a drainer: 1 while idle (off the heap) */
  sbWait: number;
}

/**
 * A thread's record, or (owner ≠ null) its store buffer's drainer's. One literal for
 * both: records built differently (a spread copy) get another hidden class, and the run
 * loop's every field load then checks two shapes.
 */
export function newThread(
  id: number, spec: ThreadSpec, code: Instr[], regs: Float64Array, tStart: number, rng: Rng,
  sb: StoreBuffer | null, owner: SimThread | null, sbWait: number,
): SimThread {
  // Field order is memory order: what every step reads first (one host cache line per
  // thread switch), the rest after.
  const t: SimThread = {
    code, pc: 0, clock: 0, owner, sb, cpu: spec.cpu, id, regs,
    rng, work: 0, done: 0, drainer: null, sbWait, tStart, halted: false, cursor: 0, spec, inSpin: 0, spin: 0,
  };
  return doubleFields(t, ['clock', 'work', 'tStart', 'spin']); // cycles take fractions (util/double-fields.ts)
}

/** Everything the step loop needs, built once per run. */
export interface Ctx {
  m: Machine;
  ts: SimThread[];
  heap: ThreadHeap;
  /** threads running per CPU (SMT work scaling) */
  running: Int32Array;
  /** per CPU: 1 while its thread is in a PAUSE spin-wait (builder spinHint): its siblings' work is not stretched */
  spinning: Int32Array;
  /** MachineConfig.smtSpinYields (default true): spinHint sets `spinning` */
  spinYields: boolean;
  /** MachineConfig.smtStretchesStalls (ablation): stalls stretch like work */
  stallsStretch: boolean;
  /** SMT siblings of each CPU as one flat list: sibs[sibStart[cpu] .. sibStart[cpu + 1]) */
  sibStart: Int32Array;
  sibs: Int32Array;
  smtWorkFactor: number;
  warmupOps: number;
  maxCycles: number;
  /** cycles a store costs the core when it retires into the store buffer */
  storeCycles: number;
  /** per thread id, clock at each Done, or null when not recorded */
  doneAt: number[][] | null;
  /** idle queued-prefetch agents, for reuse (prefetch-agent.ts) */
  idleAgents: SimThread[];
}
