/**
 * The protocol table compiled to typed arrays for the hot path: one lookup per
 * transition. Actions become bit flags; impossible cells throw with the cell's name.
 */
import { St, STATE_NAMES } from '../vocab.ts';
import {
  ACTIONS, EVENTS, MESI, N_EVENTS, STATE_CODE, isImpossible,
  type ActionName, type ProtocolTable,
} from './table.ts';
import { DECIDING } from './actions.ts';

const ACTION_LIST = Object.keys(ACTIONS) as ActionName[];
export const ACT: Record<ActionName, number> = Object.fromEntries(
  ACTION_LIST.map((a, i) => [a, 1 << i]),
) as Record<ActionName, number>;

/**
 * `actions` of an impossible cell: every bit, which no possible cell has (fewer than 32
 * actions), so the hot path's cellIndex checks the array it reads next anyway.
 */
const IMPOSSIBLE_ACTS = 0xffffffff;
if (ACTION_LIST.length >= 32) throw new Error('protocol: 32 or more actions do not fit the action bit set');

export class ProtocolViolation extends Error {
  constructor(msg: string) { super(msg); this.name = 'ProtocolViolation'; }
}

export interface CompiledProtocol {
  next: Uint8Array;
  nextIfAlone: Uint8Array;
  actions: Uint32Array;
  /** 1 where the cell is impossible (its actions are then IMPOSSIBLE_ACTS) */
  impossible: Uint8Array;
  table: ProtocolTable;
}

export function compileProtocol(table: ProtocolTable = MESI): CompiledProtocol {
  const n = 4 * N_EVENTS;
  const next = new Uint8Array(n), alone = new Uint8Array(n), actions = new Uint32Array(n), imp = new Uint8Array(n);
  for (const s of STATE_NAMES) {
    for (let e = 0; e < N_EVENTS; e++) {
      const cell = table[s][EVENTS[e]!];
      if (cell === undefined) throw new Error(`protocol table has no cell ${s} × ${EVENTS[e]}`);
      const i = STATE_CODE[s] * N_EVENTS + e;
      if (isImpossible(cell)) { imp[i] = 1; actions[i] = IMPOSSIBLE_ACTS; continue; }
      next[i] = STATE_CODE[cell.next];
      alone[i] = STATE_CODE[cell.nextIfAlone ?? cell.next];
      let f = 0, last = -1;
      for (const a of cell.do) {
        if (ACT[a] === undefined) throw new Error(`protocol cell ${s} × ${EVENTS[e]} names unknown action '${a}'`);
        // The controller runs a cell's actions in ACTIONS order; the table must read the same way.
        const k = ACTION_LIST.indexOf(a);
        if (k < last) throw new Error(`protocol cell ${s} × ${EVENTS[e]}: action ${a} is listed after ${ACTION_LIST[last]}, but runs before it (order of ACTIONS)`);
        last = k;
        f |= ACT[a];
      }
      if (cell.do.filter((a) => DECIDING.includes(a)).length > 1 && !cell.do.includes('i_dropPrefetch')) {
        throw new Error(`protocol cell ${s} × ${EVENTS[e]} names more than one of ${DECIDING.join(', ')}`);
      }
      actions[i] = f;
    }
  }
  return { next, nextIfAlone: alone, actions, impossible: imp, table };
}

// A module-level copy: an imported binding is a memory load at every use (cellIndex is
// on every access), a local const is a constant to V8.
const EVENTS_PER_STATE = N_EVENTS;

/** Throwing lookup used by the engine: names the impossible cell. */
export function cellIndex(p: CompiledProtocol, state: St, ev: number): number {
  const i = state * EVENTS_PER_STATE + ev;
  if (p.actions[i] === IMPOSSIBLE_ACTS) {
    throw new ProtocolViolation(`impossible transition: state ${STATE_NAMES[state]} × event ${EVENTS[ev]}`);
  }
  return i;
}

/**
 * Per (state, access kind): the cell's action bits when it is a hit that keeps the state
 * and does nothing but serve (and, for a locked RMW, hold) — MESI: a read of S/E/M, a
 * store or RMW of M — else 0. The machine's L1 fast path takes exactly these cells.
 */
export function plainHits(p: CompiledProtocol): Uint32Array {
  const out = new Uint32Array(4 * 3), keep = ACT.h_hit | ACT.e_holdLine;
  for (const s of [St.I, St.S, St.E, St.M]) {
    for (const ev of [0, 1, 2]) { // Load, Store, Rmw: the demand events, numbered as Access
      const i = s * N_EVENTS + ev; // not cellIndex: impossible cells are skipped, not thrown
      const a = p.actions[i]!;
      if (p.impossible[i] === 0 && (a & ACT.h_hit) !== 0 && (a & ~keep) === 0 && p.next[i] === s) out[s * 3 + ev] = a;
    }
  }
  return out;
}
