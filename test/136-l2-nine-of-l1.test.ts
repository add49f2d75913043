/**
 * SCENARIO: an L2 that is NINE of the L1 (not inclusive, not exclusive: `l2.inclusiveOfL1:
 * false`, every Intel profile) against the model's inclusive L2 (AMD profiles, the ablation).
 * GIVEN the 2×3-core test machine (L1 2 sets × 2 ways, L2 4 sets × 2 ways) and a shared
 * line that core 0 keeps hot in its L1 (L1 hits do not refresh the L2's LRU),
 * WHEN private lines of the same L2 set push it out of the L2,
 * THEN a NINE L2 leaves it in the L1 and the core still holds it (a later read is an L1
 * hit); an inclusive L2 takes it out of the L1 too. When the L1 then evicts the L1-only
 * line, a clean one leaves the core and a modified one is written back into the L2.
 * The pair prefetcher looks the buddy up in the L2, so an L1-only buddy does not complete
 * the pair.
 */
import { describe, expect, it } from 'vitest';
import type { Machine } from '../src/model/machine.ts';
import { Access, St } from '../src/model/vocab.ts';
import { acc, smallMachine } from './helpers/machine.ts';

const LINE = 0;
const mk = (inclusiveOfL1: boolean, prefetch = false) => smallMachine({
  l2: { kib: (4 * 2 * 64) / 1024, ways: 2, latCycles: 12, inclusiveOfL1 },
  ...(prefetch ? { prefetch: { kind: 'adjacent-line', pairBytes: 128, buddyRequest: 'mirror' as const, onOwned: 'drop', sharedBuddy: 'keep' as const } } : {}),
});

/** `n` private lines of CPU 0 in `line`'s L2 (and so L1) set but not its LLC set: the inclusive LLC must not back-invalidate it. */
function l2Colliding(m: Machine, line: number, n: number): number[] {
  const out: number[] = [], l2 = m.l2.sets, llc = m.caches.llc.sets;
  for (let k = 0; out.length < n; k++) {
    const p = m.privateLine(0, k);
    if (p % l2 === line % l2 && p % llc !== line % llc) out.push(p);
  }
  return out;
}

/** Core 0 takes LINE (read or write), then two private lines of its L2 set arrive while LINE stays hot in the L1. */
function ageOutOfL2(m: Machine, kind: Access): number[] {
  acc(m, 0, LINE, kind, 0);
  const [p1, p2, p3] = l2Colliding(m, LINE, 3) as [number, number, number];
  m.touchPrivate(0, p1);
  acc(m, 0, LINE, Access.Read, 1000); // an L1 hit: the L1's LRU moves, the L2's does not
  m.touchPrivate(0, p2); // the L2 set {LINE, p1} evicts LINE; the L1 set {p1, LINE} evicts p1
  return [p1, p2, p3];
}

describe('136 L2 NINE of the L1', () => {
  it('GIVEN a NINE L2 WHEN the L2 replaces a line the L1 holds THEN the core keeps it (E) and the next read is an L1 hit', () => {
    const m = mk(false);
    ageOutOfL2(m, Access.Read);
    expect(m.l2.find(0, LINE)).toBeLessThan(0);
    expect(m.l1.find(0, LINE)).toBeGreaterThanOrEqual(0);
    expect(m.dir.state(LINE, 0)).toBe(St.E);
    const hits = m.stats.c.l1Hits;
    acc(m, 0, LINE, Access.Read, 2000);
    expect(m.stats.c.l1Hits).toBe(hits + 1);
  });

  it('GIVEN an inclusive L2 WHEN the L2 replaces a line the L1 holds THEN it leaves the L1 and the core (I)', () => {
    const m = mk(true);
    ageOutOfL2(m, Access.Read);
    expect(m.l1.find(0, LINE)).toBeLessThan(0);
    expect(m.dir.state(LINE, 0)).toBe(St.I);
  });

  it('GIVEN a clean L1-only line (NINE) WHEN the L1 evicts it THEN it leaves the core (I)', () => {
    const m = mk(false);
    const [, , p3] = ageOutOfL2(m, Access.Read);
    m.touchPrivate(0, p3); // the L1 set {LINE, p2}: LINE is the older
    expect(m.l1.find(0, LINE)).toBeLessThan(0);
    expect(m.dir.state(LINE, 0)).toBe(St.I);
  });

  it('GIVEN a modified L1-only line (NINE) WHEN the L1 evicts it THEN it is written back into the L2 and stays M', () => {
    const m = mk(false);
    const [, , p3] = ageOutOfL2(m, Access.Write);
    expect(m.l2.find(0, LINE)).toBeLessThan(0);
    m.touchPrivate(0, p3);
    expect(m.l1.find(0, LINE)).toBeLessThan(0);
    expect(m.l2.find(0, LINE)).toBeGreaterThanOrEqual(0);
    expect(m.dir.state(LINE, 0)).toBe(St.M);
  });

  it('GIVEN a NINE L2 and line 1 held S in core 0\'s L1 only WHEN core 0 write-misses its pair line 0 THEN the mirror buddy request upgrades line 1 (the L2 lookup misses)', () => {
    const m = mk(false, true);
    acc(m, 2, 0, Access.Write, 0); // line 0 M in core 2; its RFO buddy request brings line 1 E
    acc(m, 1, 1, Access.Read, 100); // line 1 S in cores 1, 2 (the read buddy of line 0, owned M, is dropped)
    acc(m, 0, 1, Access.Read, 200); // and in core 0
    const [p1, p2] = l2Colliding(m, 1, 2) as [number, number];
    m.touchPrivate(0, p1);
    acc(m, 0, 1, Access.Read, 1000); // L1 hit
    m.touchPrivate(0, p2); // line 1 leaves core 0's L2, stays in its L1
    expect([m.l1.find(0, 1) >= 0, m.l2.find(0, 1) >= 0]).toEqual([true, false]);
    expect([0, 1, 2].map((c) => m.dir.state(1, c))).toEqual([St.S, St.S, St.S]);
    acc(m, 0, 0, Access.Write, 2000);
    expect([0, 1, 2].map((c) => m.dir.state(1, c))).toEqual([St.E, St.I, St.I]);
  });
});
