/**
 * The MESI protocol of a core's private cache (L1+L2 act as one coherence agent),
 * written as a table in the gem5-SLICC / Sorin–Hill–Wood style:
 * (state, event) → (actions, next state, one-line description).
 *
 * NOTE: transitions are atomic (stable states only). Where SLICC would use transient
 * states (IS, IM, SM) while a request is in flight, linesim applies the transition when
 * the request is processed and models the in-flight time with the per-line busy clock
 * of the arbiter (src/model/arbiter.ts), the one place where races are decided.
 *
 * Each cell names actions that are code (protocol/actions.ts); the controller
 * (src/model/controller.ts) runs exactly those for demand and prefetch requests and for
 * the snooped cores alike. The docs table
 * (docs/protocol.md, `linesim protocol`) and the exhaustive per-cell test are generated
 * from this same object, so they cannot drift.
 */
import { St, STATE_NAMES, type StateName } from '../vocab.ts';

export { EVENTS, Ev, N_EVENTS, type EventName } from './events.ts';
export { ACTIONS, type ActionName } from './actions.ts';
import type { EventName } from './events.ts';
import type { ActionName } from './actions.ts';

export interface Cell {
  /** next state; for a read miss, the state if another core also holds the line */
  next: StateName;
  /** read miss only: next state when no other core holds the line (E per cpu-facts §3) */
  nextIfAlone?: StateName;
  do: readonly ActionName[];
  desc: string;
}
/** A cell that cannot happen: the directory only snoops holders, and hits never evict. */
export interface Impossible { impossible: string }
export type TableCell = Cell | Impossible;
export type ProtocolTable = Record<StateName, Record<EventName, TableCell>>;

const NOT_HELD = { impossible: 'the directory is precise: a core not holding the line is never snooped or evicted' };

export const MESI: ProtocolTable = {
  I: {
    Load: { next: 'S', nextIfAlone: 'E', do: ['a_issueGETS', 'f_fill'], desc: 'read miss; E if no other core holds the line, else S (owner downgraded)' },
    Store: { next: 'M', do: ['b_issueGETX', 'd_setDirty', 'f_fill'], desc: 'write miss: RFO, other copies invalidated' },
    Rmw: { next: 'M', do: ['b_issueGETX', 'd_setDirty', 'f_fill', 'e_holdLine'], desc: 'locked RMW miss: RFO, then hold the line for the RMW' },
    PfRead: { next: 'S', nextIfAlone: 'E', do: ['a_issueGETS', 'f_fill', 'g_tagPrefetched'], desc: 'read prefetch of an absent line (run behind any demand requests already waiting for it: prefetch.queue)' },
    PfRfo: { next: 'E', do: ['b_issueGETX', 'f_fill', 'g_tagPrefetched'], desc: 'RFO prefetch: takes the line exclusive (clean) and invalidates other copies (behind any waiting demand requests)' },
    FwdGETS: NOT_HELD, FwdGETX: NOT_HELD, Evict: NOT_HELD, BackInv: NOT_HELD,
  },
  S: {
    Load: { next: 'S', do: ['h_hit'], desc: 'read hit' },
    Store: { next: 'M', do: ['c_issueUpgrade', 'd_setDirty'], desc: 'write to a shared line: upgrade, invalidating the other sharers' },
    Rmw: { next: 'M', do: ['c_issueUpgrade', 'd_setDirty', 'e_holdLine'], desc: 'locked RMW on a shared line: upgrade, then hold' },
    PfRead: { next: 'S', do: ['i_dropPrefetch'], desc: 'already present: no read prefetch' },
    PfRfo: { next: 'E', do: ['c_issueUpgrade', 'g_tagPrefetched'], desc: 'RFO prefetch of a line held S: upgrade it, invalidating the other sharers (behind any waiting demand requests)' },
    FwdGETS: { next: 'S', do: ['k_sendDataClean'], desc: 'another reader: stay S' },
    FwdGETX: { next: 'I', do: ['l_ackInvalidate', 'o_removePrivate'], desc: 'invalidated by another core\'s write/RFO' },
    Evict: { next: 'I', do: ['n_silentDrop', 'o_removePrivate'], desc: 'replaced: clean drop' },
    BackInv: { next: 'I', do: ['l_ackInvalidate', 'o_removePrivate'], desc: 'inclusive-LLC or snoop-filter victim: back-invalidated' },
  },
  E: {
    Load: { next: 'E', do: ['h_hit'], desc: 'read hit' },
    Store: { next: 'M', do: ['h_hit', 'd_setDirty'], desc: 'write hit: silent E→M' },
    Rmw: { next: 'M', do: ['h_hit', 'd_setDirty', 'e_holdLine'], desc: 'locked RMW hit: silent E→M, hold' },
    PfRead: { next: 'E', do: ['i_dropPrefetch'], desc: 'already present' },
    PfRfo: { next: 'E', do: ['i_dropPrefetch'], desc: 'already exclusive' },
    FwdGETS: { next: 'S', do: ['k_sendDataClean'], desc: 'another reader: clean forward, downgrade to S' },
    FwdGETX: { next: 'I', do: ['k_sendDataClean', 'l_ackInvalidate', 'o_removePrivate'], desc: 'another core takes ownership: clean forward, invalidate' },
    Evict: { next: 'I', do: ['n_silentDrop', 'o_removePrivate'], desc: 'replaced: clean drop' },
    BackInv: { next: 'I', do: ['l_ackInvalidate', 'o_removePrivate'], desc: 'inclusive-LLC or snoop-filter victim: back-invalidated' },
  },
  M: {
    Load: { next: 'M', do: ['h_hit'], desc: 'read hit' },
    Store: { next: 'M', do: ['h_hit'], desc: 'write hit' },
    Rmw: { next: 'M', do: ['h_hit', 'e_holdLine'], desc: 'locked RMW hit: hold the line' },
    PfRead: { next: 'M', do: ['i_dropPrefetch'], desc: 'already present' },
    PfRfo: { next: 'M', do: ['i_dropPrefetch'], desc: 'already exclusive' },
    FwdGETS: { next: 'S', do: ['j_sendDataDirty', 'm_writeback'], desc: 'another reader: HITM, write back, downgrade to S' },
    FwdGETX: { next: 'I', do: ['j_sendDataDirty', 'l_ackInvalidate', 'o_removePrivate'], desc: 'another core takes ownership: HITM, invalidate' },
    Evict: { next: 'I', do: ['m_writeback', 'o_removePrivate'], desc: 'replaced: write back (PUTX)' },
    BackInv: { next: 'I', do: ['m_writeback', 'o_removePrivate'], desc: 'inclusive-LLC or snoop-filter victim: write back, back-invalidate' },
  },
};

export function isImpossible(c: TableCell): c is Impossible {
  return (c as Impossible).impossible !== undefined;
}

export const STATE_CODE: Record<StateName, St> = { I: St.I, S: St.S, E: St.E, M: St.M };
export { STATE_NAMES };
