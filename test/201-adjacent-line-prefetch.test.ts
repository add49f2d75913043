/**
 * SCENARIO: the adjacent-line (buddy) prefetcher and the engine's coherence rules for it.
 * GIVEN a small 2×3-core machine with `adjacent-line` (128-B pairs) in each combination
 * of buddy request (mirror | read) and owned-buddy policy (steal | drop | drop-shared),
 * WHEN core 0 misses on one line of a pair while other cores hold the buddy in S, E or M,
 * THEN the buddy is the other line of the 128-B aligned pair; `mirror` sends an RFO
 * prefetch for an RFO trigger and a read for a read; `read` always reads; `drop` skips a
 * buddy owned M/E elsewhere (prefetchDropped), `drop-shared` also an RFO prefetch of a buddy
 * held S elsewhere; `steal` takes it (prefetchInvalidations);
 * a prefetched line invalidated before use counts prefetchUselessInv.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import type { BuddyOnOwned, BuddyRequest, SharedBuddy } from '../src/model/machine-config.ts';
import { Access, St } from '../src/model/vocab.ts';
import { acc, kibFor, smallConfig } from './helpers/machine.ts';

const T = 10_000;

function mk(buddyRequest: BuddyRequest, onOwned: BuddyOnOwned, sharedBuddy: SharedBuddy = 'keep', kind = 'adjacent-line'): Machine {
  // Roomy caches: only the prefetcher moves lines here, never capacity.
  const cfg = smallConfig({
    l1d: { kib: kibFor(16, 4), ways: 4, latCycles: 4 },
    l2: { kib: kibFor(64, 4), ways: 4, latCycles: 12 },
    llc: { kib: kibFor(256, 8), ways: 8, latNs: 40, inclusive: true },
    prefetch: { kind, pairBytes: 128, buddyRequest, onOwned, sharedBuddy },
  });
  return new Machine(cfg, { sharedLines: 32, nSites: 4, check: true });
}
const st = (m: Machine, line: number, core: number) => m.dir.state(line, core);

describe('201 adjacent-line prefetcher', () => {
  it('GIVEN read misses on each line of pairs {4,5} and {6,7} WHEN they fill L2 THEN the other line of the aligned pair is prefetched (not 3, not 8)', () => {
    for (const [trigger, buddy, notBuddy] of [[4, 5, 3], [5, 4, 6], [6, 7, 5], [7, 6, 8]] as const) {
      const m = mk('mirror', 'drop');
      acc(m, 0, trigger, Access.Read, 0);
      expect(st(m, buddy, 0), `buddy of ${trigger}`).toBe(St.E);
      expect(m.dir.isPfTagged(buddy, 0)).toBe(true);
      expect(st(m, notBuddy, 0)).toBe(St.I);
      expect(m.stats.c.prefetchIssued).toBe(1);
    }
  });

  it('GIVEN the line already cached WHEN it hits THEN no prefetch (only L2 fills trigger)', () => {
    const m = mk('mirror', 'drop');
    acc(m, 0, 4, Access.Read, 0);
    acc(m, 1, 5, Access.Read, 100); // core 1 takes the buddy: core 0's copy becomes S
    const issued = m.stats.c.prefetchIssued;
    acc(m, 0, 4, Access.Read, T);
    expect(m.stats.c.prefetchIssued).toBe(issued);
  });

  for (const req of ['mirror', 'read'] as const) {
    it(`GIVEN buddy S in core 1 WHEN core 0 write-misses the trigger with ${req} THEN ${req === 'mirror' ? 'an RFO prefetch invalidates core 1 and core 0 holds the buddy E' : 'a read prefetch: both share the buddy'}`, () => {
      const m = mk(req, 'drop');
      acc(m, 1, 5, Access.Read, 0);
      acc(m, 2, 5, Access.Read, 100); // S in cores 1 and 2: no owner, so `drop` does not apply
      acc(m, 0, 4, Access.Write, T);
      if (req === 'mirror') {
        expect([st(m, 5, 0), st(m, 5, 1), st(m, 5, 2)]).toEqual([St.E, St.I, St.I]);
        expect(m.stats.c.prefetchInvalidations).toBe(2);
      } else {
        expect([st(m, 5, 0), st(m, 5, 1), st(m, 5, 2)]).toEqual([St.S, St.S, St.S]);
        expect(m.stats.c.prefetchInvalidations).toBe(0);
      }
    });

    it(`GIVEN buddy S in core 1 WHEN core 0 read-misses the trigger with ${req} THEN a read prefetch (core 1 keeps its copy)`, () => {
      const m = mk(req, 'steal');
      acc(m, 1, 5, Access.Read, 0);
      acc(m, 2, 5, Access.Read, 100);
      acc(m, 0, 4, Access.Read, T);
      expect([st(m, 5, 0), st(m, 5, 1)]).toEqual([St.S, St.S]);
      expect(m.stats.c.prefetchInvalidations).toBe(0);
    });
  }

  it('GIVEN buddy S in cores 1 and 2 WHEN core 0 write-misses the trigger with mirror and drop-shared THEN the RFO prefetch is refused and the sharers keep their copies; drop lets it invalidate them; a read trigger still reads the buddy', () => {
    for (const policy of ['drop-shared', 'drop'] as const) {
      const m = mk('mirror', policy);
      acc(m, 1, 5, Access.Read, 0);
      acc(m, 2, 5, Access.Read, 100);
      const dropped = m.stats.c.prefetchDropped, inv = m.stats.c.prefetchInvalidations;
      acc(m, 0, 4, Access.Write, T);
      if (policy === 'drop-shared') {
        expect([st(m, 5, 0), st(m, 5, 1), st(m, 5, 2)]).toEqual([St.I, St.S, St.S]);
        expect(m.stats.c.prefetchDropped - dropped).toBe(1);
        expect(m.stats.c.prefetchInvalidations - inv).toBe(0);
      } else {
        expect([st(m, 5, 0), st(m, 5, 1), st(m, 5, 2)]).toEqual([St.E, St.I, St.I]);
        expect(m.stats.c.prefetchInvalidations - inv).toBe(2);
      }
    }
    const m = mk('mirror', 'drop-shared');
    acc(m, 1, 13, Access.Read, 0);
    acc(m, 2, 13, Access.Read, 100); // 13 S in cores 1 and 2 (12 came along as their buddy)
    const dropped = m.stats.c.prefetchDropped;
    acc(m, 0, 12, Access.Read, T); // read trigger, buddy 13 held S: a read prefetch needs no invalidation
    expect([st(m, 13, 0), st(m, 13, 1), st(m, 13, 2)]).toEqual([St.S, St.S, St.S]);
    expect(m.stats.c.prefetchDropped).toBe(dropped);
  });

  it('GIVEN core 0 holds the trigger S WHEN it upgrades with mirror THEN no line is fetched into L2, so no buddy prefetch (cpu-facts §7b)', () => {
    const m = mk('mirror', 'steal');
    acc(m, 1, 4, Access.Read, 0);
    acc(m, 0, 4, Access.Read, 100); // S in 0 and 1; the buddy 5 came along as a read prefetch for core 1, then core 0
    acc(m, 2, 5, Access.Read, 200);
    const issued = m.stats.c.prefetchIssued;
    acc(m, 0, 4, Access.Write, T);
    expect(st(m, 4, 0)).toBe(St.M);
    expect([st(m, 5, 0), st(m, 5, 2)]).toEqual([St.S, St.S]); // buddy untouched
    expect(m.stats.c.prefetchIssued).toBe(issued);
  });

  it('GIVEN core 0 lost the trigger WHEN it writes with mirror THEN the refetch is an L2 fill and RFO-prefetches the buddy', () => {
    const m = mk('mirror', 'steal');
    acc(m, 1, 4, Access.Read, 0);
    acc(m, 2, 5, Access.Read, 100);
    acc(m, 0, 4, Access.Write, T); // I → M: a fill
    expect(st(m, 5, 0)).toBe(St.E);
    expect(st(m, 5, 2)).toBe(St.I);
  });

  for (const owned of ['E', 'M'] as const) {
    for (const req of ['mirror', 'read'] as const) {
      it(`GIVEN the buddy ${owned} in core 1 WHEN core 0 write-misses the trigger with ${req}-drop THEN the prefetch is dropped and counted; core 1 keeps ${owned}`, () => {
        const m = mk(req, 'drop');
        acc(m, 1, 5, owned === 'M' ? Access.Write : Access.Read, 0);
        // premise: core 1 owns the buddy; its own miss prefetched line 4 clean (E), so core
        // 0's trigger is a miss served by a clean forward (no HITM of its own)
        expect([st(m, 5, 1), st(m, 4, 1)]).toEqual([owned === 'M' ? St.M : St.E, St.E]);
        const before = { ...m.stats.c };
        acc(m, 0, 4, Access.Write, T);
        expect(m.stats.c.prefetchDropped - before.prefetchDropped).toBe(1);
        expect(m.stats.c.prefetchIssued - before.prefetchIssued).toBe(0);
        expect(st(m, 5, 1)).toBe(owned === 'M' ? St.M : St.E);
        expect(st(m, 5, 0)).toBe(St.I);
      });

      it(`GIVEN the buddy ${owned} in core 1 WHEN core 0 write-misses the trigger with ${req}-steal THEN the buddy is taken (${req === 'mirror' ? 'RFO: core 1 invalidated' : 'read: core 1 downgraded to S'})`, () => {
        const m = mk(req, 'steal');
        acc(m, 1, 5, owned === 'M' ? Access.Write : Access.Read, 0);
        expect([st(m, 5, 1), st(m, 4, 1)]).toEqual([owned === 'M' ? St.M : St.E, St.E]);
        const before = { ...m.stats.c };
        acc(m, 0, 4, Access.Write, T);
        expect(m.stats.c.prefetchDropped - before.prefetchDropped).toBe(0);
        expect(m.stats.c.prefetchIssued - before.prefetchIssued).toBe(1);
        if (req === 'mirror') {
          expect([st(m, 5, 0), st(m, 5, 1)]).toEqual([St.E, St.I]);
          expect(m.stats.c.prefetchInvalidations - before.prefetchInvalidations).toBe(1);
        } else {
          expect([st(m, 5, 0), st(m, 5, 1)]).toEqual([St.S, St.S]);
          expect(m.stats.c.prefetchInvalidations - before.prefetchInvalidations).toBe(0);
        }
        expect(m.stats.c.hitmLocal - before.hitmLocal, 'stealing an M buddy is a HITM').toBe(owned === 'M' ? 1 : 0);
      });
    }
  }

  it('GIVEN a prefetched buddy WHEN another core writes it before core 0 uses it THEN prefetchUselessInv counts it; after a use it does not', () => {
    const unused = mk('read', 'drop');
    acc(unused, 0, 4, Access.Read, 0);
    acc(unused, 1, 5, Access.Write, T);
    expect(unused.stats.c.prefetchUselessInv).toBe(1);

    const used = mk('read', 'drop');
    acc(used, 0, 4, Access.Read, 0);
    acc(used, 0, 5, Access.Read, 100); // demand use clears the prefetch tag
    expect(used.dir.isPfTagged(5, 0)).toBe(false);
    acc(used, 1, 5, Access.Write, T);
    expect(used.stats.c.prefetchUselessInv).toBe(0);
  });
  // sharedBuddy: the pair is complete when the core already holds the buddy (keep), or an
  // RFO trigger upgrades it anyway (upgrade, the ablation). Set-up: core 3 owns line 4 M, so
  // the read misses of cores 1, 2, 0 on line 5 leave 4 alone (its read prefetch is dropped:
  // owned elsewhere, `drop`), and line 5 ends up S in cores 0-3; then core 0 write-misses 4.
  for (const [kind, trigger, buddy] of [['adjacent-line', 4, 5], ['next-line', 4, 5]] as const) {
    for (const mode of ['keep', 'upgrade'] as const) {
      it(`GIVEN ${kind} and buddy ${buddy} S in cores 0-3 WHEN core 0 write-misses ${trigger} with sharedBuddy ${mode} THEN ${mode === 'keep' ? 'nothing is requested: the other sharers keep it' : 'an RFO prefetch upgrades it: the other sharers are invalidated'}`, () => {
        const m = mk('mirror', 'drop', mode, kind);
        acc(m, 3, trigger, Access.Write, 0);
        for (const [i, c] of [1, 2, 0].entries()) acc(m, c, buddy, Access.Read, 100 * (i + 1));
        expect([0, 1, 2, 3].map((c) => st(m, buddy, c))).toEqual([St.S, St.S, St.S, St.S]);
        expect(st(m, trigger, 0)).toBe(St.I);
        const issued = m.stats.c.prefetchIssued;
        acc(m, 0, trigger, Access.Write, T);
        expect(st(m, trigger, 0)).toBe(St.M);
        if (mode === 'keep') {
          expect([0, 1, 2, 3].map((c) => st(m, buddy, c))).toEqual([St.S, St.S, St.S, St.S]);
          expect(m.stats.c.prefetchIssued).toBe(issued);
          expect(m.stats.c.prefetchInvalidations).toBe(0);
        } else {
          expect([0, 1, 2, 3].map((c) => st(m, buddy, c))).toEqual([St.E, St.I, St.I, St.I]);
          expect(m.stats.c.prefetchIssued).toBe(issued + 1);
          expect(m.stats.c.prefetchInvalidations).toBe(3);
        }
      });
    }
  }
});
