/** The run loop's arithmetic: operands, branch conditions and RMW functions on values up to 2^53. */
import { Cond, RmwFn, type Operand } from './ir.ts';
import type { SimThread } from './sim-thread.ts';

const RMW_ADD = RmwFn.Add, RMW_SUB = RmwFn.Sub, RMW_XCHG = RmwFn.Xchg, RMW_CAS = RmwFn.Cas, RMW_OR = RmwFn.Or, RMW_AND = RmwFn.And;
const COND_EQ = Cond.Eq, COND_NE = Cond.Ne, COND_LT = Cond.Lt, COND_LE = Cond.Le, COND_GT = Cond.Gt, COND_GE = Cond.Ge, COND_BITSET = Cond.BitSet, COND_BITCLEAR = Cond.BitClear;

export const val = (t: SimThread, a: Operand) => (a.reg < 0 ? a.imm : t.regs[a.reg]!);

export function cond(c: Cond, x: number, y: number): boolean {
  switch (c) {
    case COND_EQ: return x === y;
    case COND_NE: return x !== y;
    case COND_LT: return x < y;
    case COND_LE: return x <= y;
    case COND_GT: return x > y;
    case COND_GE: return x >= y;
    case COND_BITSET: return (Math.floor(x / y) & 1) === 1;
    case COND_BITCLEAR: return (Math.floor(x / y) & 1) === 0;
  }
}

export function rmw(fn: RmwFn, old: number, a: number, b: number): number {
  switch (fn) {
    case RMW_ADD: return old + a;
    case RMW_SUB: return old - a;
    case RMW_XCHG: return a;
    case RMW_CAS: return old === a ? b : old;
    case RMW_OR: return bitop(old, a, true);
    case RMW_AND: return bitop(old, a, false);
    default: return old;
  }
}

/** x | y (or) or x & y on values up to 2^53 (split in 2^26 halves; JS bit ops are 32-bit). */
function bitop(x: number, y: number, or: boolean): number {
  const H = 2 ** 26;
  const xh = Math.floor(x / H) & (H - 1), yh = Math.floor(y / H) & (H - 1), xl = x % H, yl = y % H;
  return or ? (xh | yh) * H + (xl | yl) : (xh & yh) * H + (xl & yl);
}

