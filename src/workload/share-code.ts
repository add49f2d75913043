/**
 * Equal instructions of a run's threads become one object (the run loop never writes to
 * an instruction). Threads running the same program on the same objects, such as every
 * thread of a lock benchmark, then step through one set of records instead of one per
 * thread: after a thread switch the next instruction is usually already in the host's L1
 * (loading it was the run loop's largest stall; contended-legacy bench +6 … +11 % in A/B
 * runs). Equal means every field (`INSTR_FIELDS`, test 115 keeps the list complete) and
 * the operands' register and immediate are the same value (Object.is: 0 and −0 differ,
 * NaN equals NaN).
 */
import type { Instr } from './ir.ts';

/** Every field of Instr, in `instr()` order; `a` and `b` are operands (reg, imm). */
export const INSTR_FIELDS = [
  'op', 'access', 'addr', 'idx', 'site', 'dst', 'own', 'fn', 'a', 'b',
  'stride', 'target', 'cond', 'r', 'cycles', 'jitter', 'stream', 'random', 'poolLines',
] as const satisfies readonly (keyof Instr)[];

function sameInstr(x: Instr, y: Instr): boolean {
  for (const k of INSTR_FIELDS) {
    const u = x[k], v = y[k];
    if (typeof u === 'object') {
      const w = v as typeof u;
      if (!Object.is(u.reg, w.reg) || !Object.is(u.imm, w.imm)) return false;
    } else if (!Object.is(u, v)) return false;
  }
  return true;
}

/** A hash of the fields that tell most instructions apart (equality decides). */
function hashOf(i: Instr): number {
  let h = Math.imul(i.op + 1, 0x9e3779b1) ^ Math.imul(i.access + 7, 0x85ebca6b);
  h = Math.imul(h ^ (i.addr | 0) ^ ((i.addr / 4294967296) | 0), 0xc2b2ae35);
  h = Math.imul(h ^ (i.site + 3) ^ (i.target << 8) ^ (i.r << 16) ^ (i.dst << 20), 0x27d4eb2f);
  return (h ^ (i.a.imm | 0) ^ (i.a.reg << 12)) | 0;
}

/** Interns instructions across the programs of one run. */
export class CodeSharer {
  private readonly byHash = new Map<number, Instr[]>();

  /** `code` with each instruction replaced by an equal one seen before, if any (a new array; `code` is not changed). */
  share(code: readonly Instr[]): Instr[] {
    return code.map((ins) => {
      const h = hashOf(ins);
      const bucket = this.byHash.get(h);
      if (bucket === undefined) { this.byHash.set(h, [ins]); return ins; }
      for (const o of bucket) if (sameInstr(o, ins)) return o;
      bucket.push(ins);
      return ins;
    });
  }
}
