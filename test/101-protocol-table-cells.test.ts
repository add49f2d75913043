/**
 * SCENARIO: every (state, event) cell of the MESI table, generated from the table object
 * itself (gem5-SLICC style: the table is the spec, one test per cell).
 * GIVEN a small machine with core 0's copy of a line driven into the cell's state,
 * WHEN the cell's event is applied through the engine's public entry points (demand
 * access, prefetch, another core's access, filling the L2 set, filling the inclusive
 * LLC set from a neighbour core),
 * THEN core 0's next state is the cell's and every action of the cell is observable.
 * Impossible cells must throw ProtocolViolation naming the cell. A state, event or action
 * with no driver/check here fails the test, so the table cannot grow untested.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import { checkLine } from '../src/model/checker.ts';
import { cellIndex, compileProtocol, ProtocolViolation, type CompiledProtocol } from '../src/model/protocol/compiled.ts';
import {
  EVENTS, MESI, STATE_CODE, isImpossible,
  type ActionName, type Cell, type EventName, type ProtocolTable,
} from '../src/model/protocol/table.ts';
import { Access, St, STATE_NAMES, type StateName } from '../src/model/vocab.ts';
import type { Counters } from '../src/model/result-types.ts';
import { acc, collidingPrivateLines, smallConfig } from './helpers/machine.ts';

const L = 5; // the line under test
const SUBJ = 0; // core 0: the core whose state the table row describes
const OTHER = 1; // same socket: co-holder for S / "others" variants
const HELPER = 2; // same LLC domain, never holds L: fills the LLC set for BackInv
const REQ = 3; // other socket: the snooping requester
const REQ_SITE = 6;
const NOW = 100_000; // far beyond every busy clock left by the setup

interface Ctx {
  m: Machine; ev: EventName; prev: St; others: boolean;
  before: Counters; inL1Before: boolean; otherBefore: St; t: number;
}

/** Machine per event: BackInv needs an inclusive LLC; elsewhere a non-inclusive one, so
 *  clean data of an S line is forwarded by a sharer (observable) rather than the LLC. */
function machineFor(ev: EventName, protocol?: CompiledProtocol): Machine {
  const cfg = smallConfig();
  return new Machine({ ...cfg, llc: { ...cfg.llc, inclusive: ev === 'BackInv' } }, { sharedLines: 16, nSites: 8, check: true, protocol });
}

/** Drive core 0's copy of L into `s`; `others` gives another core a copy first (state I only). */
const SETUP: Record<string, (m: Machine, others: boolean) => void> = {
  I: (m, others) => { if (others) acc(m, OTHER, L, Access.Read, 0); },
  S: (m) => { acc(m, OTHER, L, Access.Read, 0); acc(m, SUBJ, L, Access.Read, 1000); },
  E: (m) => { acc(m, SUBJ, L, Access.Read, 0); },
  M: (m) => { acc(m, SUBJ, L, Access.Write, 0); },
};

/** How each event reaches core 0's copy of L; returns a completion cycle where there is one. */
const DRIVERS: Record<string, (m: Machine) => number> = {
  Load: (m) => acc(m, SUBJ, L, Access.Read, NOW),
  Store: (m) => acc(m, SUBJ, L, Access.Write, NOW),
  Rmw: (m) => acc(m, SUBJ, L, Access.Rmw, NOW),
  PfRead: (m) => { m.prefetch(SUBJ, L, false, NOW, 1); return NaN; },
  PfRfo: (m) => { m.prefetch(SUBJ, L, true, NOW, 1); return NaN; },
  FwdGETS: (m) => acc(m, REQ, L, Access.Read, NOW, REQ_SITE),
  FwdGETX: (m) => acc(m, REQ, L, Access.Write, NOW, REQ_SITE),
  // Fill core 0's L2 set of L with private lines: L is LRU, so it is the victim.
  Evict: (m) => {
    for (const p of collidingPrivateLines(m, SUBJ, L, m.l2.sets, m.l2.ways)) m.touchPrivate(SUBJ, p);
    return NaN;
  },
  // A neighbour in the same LLC domain fills L's LLC set: the inclusive LLC evicts L
  // and back-invalidates every core of the domain holding it.
  BackInv: (m) => {
    const llc = m.llc;
    for (const p of collidingPrivateLines(m, HELPER, L, llc.sets, llc.ways)) m.touchPrivate(HELPER, p);
    return NaN;
  },
};

const d = (c: Ctx, k: keyof Counters) => c.m.stats.c[k] - c.before[k];
const isPf = (ev: EventName) => ev === 'PfRead' || ev === 'PfRfo';
const holds = (m: Machine, core: number) => m.l2.find(core, L) >= 0;
const noOtherHolder = (c: Ctx) => {
  for (let k = 0; k < c.m.nCores; k++) if (k !== SUBJ) expect(c.m.dir.state(L, k), `core ${k} still holds L`).toBe(St.I);
};

/** The observable effect of each action (positive check). */
const ACTION_CHECKS: Record<string, (c: Ctx, acts: Set<ActionName>) => void> = {
  h_hit: (c, acts) => {
    expect(d(c, 'misses')).toBe(0);
    expect(d(c, 'l1Hits') + d(c, 'l2Hits')).toBe(1);
    const lat = c.inL1Before ? c.m.lat.l1 : c.m.lat.l2;
    expect(c.t).toBe(NOW + lat + (acts.has('e_holdLine') ? c.m.lat.rmwHit : 0));
  },
  a_issueGETS: (c) => {
    expect(d(c, isPf(c.ev) ? 'prefetchIssued' : 'misses')).toBe(1);
    if (c.others) expect(c.m.dir.state(L, OTHER), 'GETS leaves the other holder a reader').toBe(St.S);
  },
  b_issueGETX: (c) => { expect(d(c, isPf(c.ev) ? 'prefetchIssued' : 'misses')).toBe(1); noOtherHolder(c); },
  c_issueUpgrade: (c) => {
    expect(c.prev).toBe(St.S);
    expect(d(c, 'invalidationsSent'), 'one invalidation per other sharer').toBe(c.otherBefore === St.S ? 1 : 0);
    expect(d(c, 'dramReads') + d(c, 'hitmLocal') + d(c, 'hitmRemote') + d(c, 'cleanForwards'), 'an upgrade moves no data').toBe(0);
    noOtherHolder(c);
  },
  d_setDirty: (c) => { expect(c.m.dir.owner[L]).toBe(SUBJ); expect(c.m.dir.dirty[L]).toBe(1); },
  e_holdLine: (c) => { expect(c.m.arb.busyUntil(L), 'line busy until the RMW completes').toBe(c.t); expect(c.t - NOW).toBeGreaterThanOrEqual(c.m.lat.rmw); },
  f_fill: (c) => { expect(holds(c.m, SUBJ)).toBe(true); expect(c.m.l1.find(SUBJ, L)).toBeGreaterThanOrEqual(0); },
  g_tagPrefetched: (c) => expect(c.m.dir.isPfTagged(L, SUBJ)).toBe(true),
  i_dropPrefetch: (c) => {
    expect(d(c, 'prefetchIssued')).toBe(0);
    expect(d(c, 'prefetchDropped'), 'not a policy drop: the line is already here').toBe(0);
    expect(c.m.dir.isPfTagged(L, SUBJ)).toBe(false);
  },
  j_sendDataDirty: (c) => expect(d(c, 'hitmLocal') + d(c, 'hitmRemote')).toBe(1),
  k_sendDataClean: (c) => { expect(d(c, 'cleanForwards')).toBeGreaterThanOrEqual(1); expect(d(c, 'hitmLocal') + d(c, 'hitmRemote')).toBe(0); },
  l_ackInvalidate: (c) => {
    if (c.ev === 'FwdGETX') {
      // the engine records which site invalidated core 0's copy (for attribution)
      expect(c.m.dir.invBy[c.m.dir.copy(L, SUBJ)]).toBe(REQ_SITE + 1);
      expect(d(c, 'invalidationsReceived')).toBeGreaterThanOrEqual(1);
    } else {
      expect(d(c, 'misses'), 'back-invalidation: nobody requested L').toBe(0);
      expect(c.m.llc.find(c.m.topo.domainOfCore[SUBJ]!, L), 'L left the inclusive LLC').toBe(-1);
    }
  },
  m_writeback: (c) => {
    expect(c.m.dir.owner[L], 'no core owns the written-back line').toBe(-1);
    expect(c.m.dir.dirty[L]).toBe(0);
    if (c.ev === 'Evict') expect(c.m.llc.find(c.m.topo.domainOfCore[SUBJ]!, L), 'PUTX lands in the non-inclusive LLC').toBeGreaterThanOrEqual(0);
  },
  n_silentDrop: (c) => {
    expect(d(c, 'invalidationsSent') + d(c, 'hitmLocal') + d(c, 'hitmRemote')).toBe(0);
    expect(c.m.dir.state(L, OTHER), 'other holders untouched').toBe(c.otherBefore);
    expect(c.m.dir.dirty[L]).toBe(0);
  },
  o_removePrivate: (c) => { expect(holds(c.m, SUBJ)).toBe(false); expect(c.m.l1.find(SUBJ, L)).toBe(-1); },
};

/** Run one cell of `expected` against an engine running `protocol` (default: the same table). */
function runCell(expected: ProtocolTable, s: StateName, ev: EventName, others: boolean, protocol?: CompiledProtocol): void {
  const cell = expected[s][ev] as Cell;
  const setup = SETUP[s], drive = DRIVERS[ev];
  expect(setup, `no setup drives a line into state ${s}`).toBeDefined();
  expect(drive, `no driver applies event ${ev}`).toBeDefined();
  for (const a of cell.do) expect(ACTION_CHECKS[a], `no observable check for action ${a}`).toBeDefined();
  const m = machineFor(ev, protocol);
  setup!(m, others);
  const prev = m.dir.state(L, SUBJ);
  expect(STATE_NAMES[prev], 'setup reached the row state').toBe(s);
  const c: Ctx = {
    m, ev, prev, others, before: { ...m.stats.c }, inL1Before: m.l1.find(SUBJ, L) >= 0,
    otherBefore: m.dir.state(L, OTHER), t: NaN,
  };
  c.t = drive!(m);
  checkLine(m, L);
  const want = others ? cell.next : (cell.nextIfAlone ?? cell.next);
  expect(STATE_NAMES[m.dir.state(L, SUBJ)], `${s} × ${ev} next state`).toBe(want);
  const acts = new Set(cell.do);
  for (const a of cell.do) ACTION_CHECKS[a]!(c, acts);
  // Frame checks: what the cell does not list must not happen.
  if (!acts.has('j_sendDataDirty')) expect(d(c, 'hitmLocal') + d(c, 'hitmRemote'), 'HITM without j_sendDataDirty').toBe(0);
  if (!acts.has('o_removePrivate')) expect(holds(m, SUBJ), 'presence follows the next state').toBe(want !== 'I');
  if (!acts.has('g_tagPrefetched') && isPf(ev) && s === 'I') expect.unreachable('prefetch of an absent line must tag it');
}

describe('101 protocol table: every cell', () => {
  const compiled = compileProtocol(MESI);
  for (const s of STATE_NAMES) {
    for (const ev of EVENTS) {
      const cell = MESI[s][ev];
      if (isImpossible(cell)) {
        it(`GIVEN impossible cell ${s} × ${ev} WHEN the engine looks it up THEN ProtocolViolation names the cell`, () => {
          expect(compiled.impossible[STATE_CODE[s] * EVENTS.length + EVENTS.indexOf(ev)]).toBe(1);
          expect(() => cellIndex(compiled, STATE_CODE[s], EVENTS.indexOf(ev))).toThrow(ProtocolViolation);
          expect(() => cellIndex(compiled, STATE_CODE[s], EVENTS.indexOf(ev))).toThrow(`state ${s} × event ${ev}`);
        });
        continue;
      }
      // State I rows: with and without another holder (E vs S on a read miss).
      for (const others of s === 'I' ? [false, true] : [s === 'S']) {
        const tag = s === 'I' ? (others ? ' (another core holds it)' : ' (no other holder)') : '';
        it(`GIVEN core 0 in ${s}${tag} WHEN ${ev} THEN ${cell.do.join(', ')} → ${others ? cell.next : (cell.nextIfAlone ?? cell.next)}`, () => {
          runCell(MESI, s, ev, others);
        });
      }
    }
  }

  it('GIVEN a table with a cell for an unknown event WHEN the harness runs it THEN it fails for lack of a driver', () => {
    const t = { ...MESI, E: { ...MESI.E, Flush: { next: 'I', do: ['o_removePrivate'], desc: 'x' } } } as unknown as ProtocolTable;
    expect(() => runCell(t, 'E', 'Flush' as EventName, false)).toThrow(/no driver applies event Flush/);
  });

  it('GIVEN an engine whose cell deviates from the table WHEN the harness runs the cell THEN it fails', () => {
    // Engine: E × FwdGETS keeps E (a wrong cell); expectation: the real table.
    const broken = structuredClone(MESI) as unknown as Record<string, Record<string, Cell>>;
    broken.E!.FwdGETS = { ...broken.E!.FwdGETS!, next: 'E' };
    expect(() => runCell(MESI, 'E', 'FwdGETS', false, compileProtocol(broken as unknown as ProtocolTable))).toThrow();
    // and one that forgets an action: S × FwdGETX without o_removePrivate
    broken.S!.FwdGETX = { next: 'I', do: ['l_ackInvalidate'], desc: 'broken' };
    expect(() => runCell(MESI, 'S', 'FwdGETX', true, compileProtocol(broken as unknown as ProtocolTable))).toThrow();
  });

  it('GIVEN each possible cell in turn given a wrong next state in the engine WHEN the harness runs it THEN every mutant is caught', () => {
    const survivors: string[] = [];
    for (const s of STATE_NAMES) {
      for (const ev of EVENTS) {
        if (isImpossible(MESI[s][ev])) continue;
        for (const wrong of STATE_NAMES) {
          const cell = MESI[s][ev] as Cell;
          if (wrong === cell.next) continue;
          const mut = structuredClone(MESI) as unknown as Record<string, Record<string, Cell>>;
          mut[s]![ev] = { ...cell, next: wrong, nextIfAlone: wrong };
          try { runCell(MESI, s, ev, s !== 'E' && s !== 'M', compileProtocol(mut as unknown as ProtocolTable)); survivors.push(`${s}×${ev}→${wrong}`); } catch { /* caught */ }
        }
      }
    }
    // Equivalent mutants (the engine's behaviour cannot change, so no test can see them):
    // - drop cells (i_dropPrefetch): the engine returns before applying a next state, which
    //   the table defines as the current one anyway;
    // - S × FwdGETS: reads of an S line are served by the LLC or a sharer without snooping
    //   S copies, so the cell is never looked up (its next is S by construction);
    // - × FwdGETX → E/M: the directory has one owner slot and the requester's fill
    //   overwrites it, so "victim keeps ownership" is unrepresentable.
    const equivalent = (k: string) => {
      const [cellName, wrong] = k.split('→') as [string, string];
      const [s, ev] = cellName.split('×') as [StateName, EventName];
      const cell = MESI[s][ev] as Cell;
      return cell.do.includes('i_dropPrefetch') || cellName === 'S×FwdGETS' || (ev === 'FwdGETX' && (wrong === 'E' || wrong === 'M'));
    };
    expect(survivors.filter((k) => !equivalent(k))).toEqual([]);
  });
});
