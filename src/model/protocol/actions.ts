/**
 * The protocol's actions as code (gem5-SLICC style): each table cell names some of these
 * functions, and the controller runs exactly the named ones, in the order of `ACTIONS`
 * below (the table lists them in that order too; compile.ts checks it). Editing a cell
 * changes behaviour; the per-cell test (test/101) drives every cell through the engine.
 *
 * An action acts on `core`'s copy of `x.line` (the requester's own cell, or a snooped
 * core's cell during the requester's transaction `x`), through the controller.
 * Requester actions run before the cell's next state is applied (they decide it: a read
 * miss ends in E when no other core holds the line), snoop-side actions after it.
 */
import type { Controller } from '../controller.ts';
import type { Txn } from './txn.ts';

export type ActionFn = (c: Controller, x: Txn, core: number) => void;

/** serve from the private cache: L1, else L2 (refilling L1) */
export function h_hit(c: Controller, x: Txn, core: number): void {
  x.t = x.now + c.serveHit(x.cpu, core, x.line);
  x.hit = true;
}

/** send GETS to the home directory: data from the E/M owner (FwdGETS) or clean from LLC, a sharer or DRAM */
export function a_issueGETS(c: Controller, x: Txn, core: number): void {
  if (!c.beginRequest(x)) return;
  if (c.dir.owner[x.line]! >= 0) c.fromOwner(x, FWD_GETS);
  else c.cleanSource(x, core);
  c.completeRequest(x);
}

/** send GETX to the home directory: the owner forwards the line (FwdGETX), or clean data arrives and sharers are invalidated */
export function b_issueGETX(c: Controller, x: Txn, core: number): void {
  if (!c.beginRequest(x)) return;
  if (c.dir.owner[x.line]! >= 0) c.fromOwner(x, FWD_GETX);
  else {
    c.cleanSource(x, core);
    c.invalidateSharers(x);
    x.got(Math.max(x.lat, x.ack), x.src, false, true);
  }
  c.completeRequest(x);
}

/** send GETX for a line held S: invalidate the other sharers (an LLC round trip at least); no data moves */
export function c_issueUpgrade(c: Controller, x: Txn): void {
  if (!c.beginRequest(x)) return;
  c.invalidateSharers(x);
  x.got(Math.max(c.lat.llc, x.ack), SRC_LLC, false, true);
  c.completeRequest(x);
}

/**
 * mark the line modified. NOTE: the directory's dirty bit is the M of the cell's next
 * state (applied by the controller), so a silent E→M needs nothing more.
 */
export function d_setDirty(): void {}

/** install the line in L2 and L1 (the inclusive LLC, or the SF entry); a demand fill is seen by the L2 prefetcher */
export function f_fill(c: Controller, x: Txn, core: number): void {
  c.caches.fill(core, x.line);
  // An upgrade (S→M) fetches no line into L2 (no f_fill), so the spatial prefetcher, which
  // "completes every line fetched into L2" (cpu-facts §7b), has nothing to complete.
  if (!x.pf) c.prefetcher.onL2Fill(x, c);
}

/** tag the line as brought by a prefetch (for useless-prefetch accounting) */
export function g_tagPrefetched(c: Controller, x: Txn, core: number): void {
  c.dir.setPfTag(x.line, core, true);
}

/** locked RMW: keep the line for the RMW execution time; incoming snoops wait (cpu-facts §8) */
export function e_holdLine(c: Controller, x: Txn): void {
  x.t = c.holdLine(x.line, x.t, x.hit, x.core);
}

/** line already present: the prefetch is not issued */
export function i_dropPrefetch(_c: Controller, x: Txn): void {
  x.stop = true;
}

/** forward the dirty data to the requester (HITM, counted on the requesting CPU) */
export function j_sendDataDirty(c: Controller, x: Txn, core: number): void {
  c.stats.hitm(x.cpu, x.line, c.remote(x.core, core));
}

/** forward the clean data to the requester */
export function k_sendDataClean(c: Controller): void {
  c.stats.n.cleanForwards++;
}

/**
 * acknowledge the invalidation. A requester's invalidation (FwdGETX) is recorded on the
 * copy — who invalidated it, and whether by a prefetch — for the false-sharing
 * attribution of the miss that follows; a back-invalidation has no requester (x.core < 0).
 */
export function l_ackInvalidate(c: Controller, x: Txn, core: number): void {
  if (x.core < 0) return;
  c.noteInvalidation(x, core);
  const l = c.lat.inval[x.core * c.nCores + core]!;
  if (l > x.ack) x.ack = l;
}

/**
 * write the dirty line back (PUTX). NOTE: values live in one array (Machine.mem) and
 * a victim's LLC fill on a non-inclusive LLC is done by the eviction for clean and dirty
 * victims alike (Caches.evicted), so the write-back itself moves nothing in the model.
 */
export function m_writeback(): void {}

/** drop the clean line (PUTS). NOTE: the directory clears the core by the next state (I). */
export function n_silentDrop(): void {}

/** remove the line from L1 and L2 (and its prefetch tag; the SF entry if it was the domain's last copy) */
export function o_removePrivate(c: Controller, x: Txn, core: number): void {
  c.dir.setPfTag(x.line, core, false);
  c.caches.remove(core, x.line);
}

/** Every action, in the order the controller runs them, with its one-line description for the docs. */
export const ACTIONS = {
  i_dropPrefetch: { fn: i_dropPrefetch, desc: 'line already present: the prefetch is not issued' },
  h_hit: { fn: h_hit, desc: 'serve from the private cache (L1 or L2 latency)' },
  a_issueGETS: { fn: a_issueGETS, desc: 'send GETS to the home directory; data from LLC, a peer or DRAM' },
  b_issueGETX: { fn: b_issueGETX, desc: 'send GETX to the home directory; owner forwards data, sharers are invalidated' },
  c_issueUpgrade: { fn: c_issueUpgrade, desc: 'send GETX for a line held S: invalidate the other sharers, no data needed' },
  d_setDirty: { fn: d_setDirty, desc: 'mark the line modified (silent E→M: no message; the next state is the dirty bit)' },
  f_fill: { fn: f_fill, desc: 'install the line in L2 and L1 (may evict a victim); a demand fill sets the prefetchers off (their requests leave with the demand request: prefetch.trigger)' },
  g_tagPrefetched: { fn: g_tagPrefetched, desc: 'tag the line as brought by a prefetch (for useless-prefetch accounting)' },
  e_holdLine: { fn: e_holdLine, desc: 'locked RMW: keep the line and defer incoming snoops for the RMW execution time' },
  j_sendDataDirty: { fn: j_sendDataDirty, desc: 'forward the dirty data to the requester and write it back (HITM)' },
  k_sendDataClean: { fn: k_sendDataClean, desc: 'forward the clean data to the requester' },
  l_ackInvalidate: { fn: l_ackInvalidate, desc: 'acknowledge the invalidation; the requester\'s site is recorded for attribution' },
  m_writeback: { fn: m_writeback, desc: 'write the dirty line back to the LLC/memory (PUTX)' },
  n_silentDrop: { fn: n_silentDrop, desc: 'drop the clean line (PUTS; the directory clears this core)' },
  o_removePrivate: { fn: o_removePrivate, desc: 'remove the line from L1 and L2' },
} as const;
export type ActionName = keyof typeof ACTIONS;

/** Requester actions that decide the next state: the controller applies it after them. */
export const DECIDING: readonly ActionName[] = ['i_dropPrefetch', 'h_hit', 'a_issueGETS', 'b_issueGETX', 'c_issueUpgrade'];

// Local copies of vocabulary constants (see controller.ts on const enums in hot paths).
import { Ev } from './events.ts';
import { Src } from '../vocab.ts';
const FWD_GETS = Ev.FwdGETS, FWD_GETX = Ev.FwdGETX, SRC_LLC = Src.Llc;
