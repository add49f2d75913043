/**
 * The compiled form of a thread's program: a flat array of instructions with jump
 * targets, operands either immediates or registers. Built by src/workload/compile.ts
 * from user JSON programs and by src/kernel from the kernel code paths.
 */
import { Access } from '../model/vocab.ts';

export const enum Op {
  Mem = 0, // read / write / rmw at a resolved address
  Work = 1, // private work in cycles (jittered, SMT-scaled)
  Footprint = 2, // private cache footprint (page zeroing, page tables): no time
  Jmp = 3,
  Br = 4, // branch if cond(reg, operand) holds
  Set = 5, // reg = operand
  AddR = 6, // reg += operand
  Done = 7, // one operation of the workload completed
  Halt = 8,
  BrClock = 9, // branch if the thread's clock < operand (fixed-duration runs)
  Fence = 10, // mfence: wait until the thread's store buffer is empty
  Stall = 11, // a memory stall in cycles (a dependent DRAM miss the model does not simulate): not SMT-scaled
  SpinHint = 12, // a = 1: the thread enters a PAUSE spin-wait, 0: it leaves it (its SMT sibling's work is not stretched meanwhile)
}

export const enum RmwFn { None = 0, Add = 1, Sub = 2, Xchg = 3, Cas = 4, Or = 5, And = 6 }
export const RMW_FNS = ['add', 'sub', 'xchg', 'cas', 'or', 'and'] as const;
export type RmwName = (typeof RMW_FNS)[number];
export const RMW_CODE: Record<RmwName, RmwFn> = { add: RmwFn.Add, sub: RmwFn.Sub, xchg: RmwFn.Xchg, cas: RmwFn.Cas, or: RmwFn.Or, and: RmwFn.And };

export const enum Cond { Eq = 0, Ne = 1, Lt = 2, Le = 3, Gt = 4, Ge = 5, BitSet = 6, BitClear = 7 }
export const CONDS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'bitset', 'bitclear'] as const;
export type CondName = (typeof CONDS)[number];

/** An operand: register index ≥ 0, or an immediate when reg = -1. */
export interface Operand { reg: number; imm: number }
export const imm = (v: number): Operand => ({ reg: -1, imm: v });
export const reg = (r: number): Operand => ({ reg: r, imm: 0 });

export interface Instr {
  op: Op;
  /** Mem */
  access: Access;
  /**
   * Read that the core issues as a read-for-ownership because a locked RMW/store to the
   * same line follows in straight-line code (set by markOwnershipReads; used only when
   * the profile's `loadRfoBeforeRmw` is on).
   */
  own: boolean;
  addr: number;
  /**
   * Mem: register whose value indexes the access (address = addr + reg × stride), -1 none.
   * Used where a program reaches one of N like objects chosen at run time (an MCS lock's
   * successor node); the caller guarantees the index stays inside the objects.
   */
  idx: number;
  stride: number;
  site: number;
  fn: RmwFn;
  /** Mem write value / rmw operand / cas expected; Set/AddR/Br operand */
  a: Operand;
  /** cas new value */
  b: Operand;
  /** destination register (old value for rmw, loaded value for read), -1 none */
  dst: number;
  /** Jmp/Br target */
  target: number;
  cond: Cond;
  /** Br/Set/AddR register */
  r: number;
  /** Work: cycles and ± jitter fraction; Footprint: stream lines and random lines */
  cycles: number;
  jitter: number;
  stream: number;
  random: number;
  poolLines: number;
}

export function instr(p: Partial<Instr> & { op: Op }): Instr {
  // Field order is memory order: the run loop reads `op` and a memory access's fields on
  // every step, so they come first, in the record's first host cache line.
  const i: Instr = {
    op: p.op, access: Access.Read, addr: 0, idx: -1, site: -1, dst: -1, own: false, fn: RmwFn.None, a: imm(0), b: imm(0),
    stride: 0, target: -1, cond: Cond.Eq, r: -1, cycles: 0, jitter: 0, stream: 0, random: 0, poolLines: 0,
  };
  return Object.assign(i, p);
}

export interface CompiledProgram {
  code: Instr[];
  nRegs: number;
}

/**
 * Mark reads followed, on the fall-through path with no timed step in between, by a
 * write/RMW to the same line: an out-of-order core has both in flight and the line is
 * requested for ownership once (model-notes §2.1: ownership transfers serialize).
 */
export function markOwnershipReads(code: Instr[], lineBytes = 64): void {
  for (let i = 0; i < code.length; i++) {
    const r = code[i]!;
    if (r.op !== Op.Mem || r.access !== Access.Read || r.idx >= 0) continue;
    for (let j = i + 1; j < code.length; j++) {
      const n = code[j]!;
      if (n.op === Op.Set || n.op === Op.AddR || n.op === Op.Br) continue;
      if (n.op === Op.Mem && n.idx < 0 && n.access !== Access.Read && Math.floor(n.addr / lineBytes) === Math.floor(r.addr / lineBytes)) r.own = true;
      break;
    }
  }
}
