/**
 * SCENARIO: the seeded random tester finds no violation with a tiny snoop filter on a
 * non-inclusive profile, and does find a broken filter.
 * GIVEN skylake-sp (non-inclusive LLC + SF) with tiny caches and the SF shrunk to 2 sets
 * × 2 ways per socket (tinyCaches), random reads/writes/RMWs by CPUs on the same core,
 * socket and the other socket over 6 lines, with every prefetch setting,
 * WHEN ≥ 10⁵ events run checked (SWMR, presence incl. "every line held in a domain has
 * an SF entry there and no other entry exists", data-value + shadow memory),
 * THEN 0 violations, with thousands of SF back-invalidations actually exercised; and a
 * filter that forgets to free entries, or loses one, is caught with seed and event.
 */
import { describe, expect, it } from 'vitest';
import { runRandomTester, tinyCaches, TesterFailure } from '../src/model/testing/random-tester.ts';
import type { Machine } from '../src/model/machine.ts';
import { deriveSeed } from '../src/util/rng.ts';
import { profileConfig } from './helpers/machine.ts';

const SETTINGS = ['off', 'mirror-steal', 'mirror-drop', 'read-steal', 'read-drop', 'up-down'] as const;
const TOTAL = 120_000;

describe('121 random tester with a tiny snoop filter', () => {
  it('GIVEN skylake-sp with tiny caches WHEN shrunk THEN its SF is 2 sets × 2 ways and the LLC stays non-inclusive', () => {
    const cfg = tinyCaches(profileConfig('skylake-sp'));
    expect(cfg.llc.inclusive).toBe(false);
    expect(cfg.llc.snoopFilter).toEqual({ entries: 4, ways: 2 });
    expect(tinyCaches(profileConfig('broadwell-ep')).llc.snoopFilter).toBeUndefined();
  });

  it(`GIVEN skylake-sp × ${SETTINGS.length} prefetch settings WHEN ${TOTAL} random events run checked THEN 0 violations and SF conflicts happen`, () => {
    const per = Math.ceil(TOTAL / SETTINGS.length);
    let events = 0, sfBackInv = 0, hitm = 0;
    for (const [si, s] of SETTINGS.entries()) {
      const r = runRandomTester({ cfg: profileConfig('skylake-sp', s), seed: deriveSeed(121, si), events: per });
      expect(r.machine.sf, 'the tester ran with a snoop filter').not.toBeNull();
      events += r.events;
      sfBackInv += r.machine.stats.c.sfBackInvalidations;
      hitm += r.machine.stats.c.hitmLocal + r.machine.stats.c.hitmRemote;
    }
    expect(events).toBeGreaterThanOrEqual(100_000);
    expect(sfBackInv, 'SF back-invalidations exercised').toBeGreaterThan(5_000);
    expect(hitm).toBeGreaterThan(1_000);
  }, 60_000);

  const FAULTS: Array<[string, (m: Machine, i: number) => void, RegExp]> = [
    ['an SF entry lost while a core holds the line', (m, i) => {
      if (i < 1000) return;
      for (let l = 0; l < 6; l++) if (m.sf!.heldInDomain(m.dir, 0, l)) { m.sf!.tags.remove(0, l); return; }
    }, /has no snoop-filter entry/],
    ['a stale SF entry for a line nobody in the domain holds', (m, i) => {
      if (i < 1000) return;
      // a free way in the line's set, so no other entry is lost (that would be the other fault)
      const t = m.sf!.tags;
      for (let l = 0; l < 6; l++) {
        if (m.sf!.heldInDomain(m.dir, 1, l) || t.find(1, l) >= 0) continue;
        const base = t.base(1, l);
        for (let w = 0; w < t.ways; w++) if (t.tags[base + w] === -1) { t.tags[base + w] = l; return; }
      }
    }, /keeps a snoop-filter entry/],
  ];
  for (const [label, sabotage, pattern] of FAULTS) {
    it(`GIVEN ${label} WHEN the tester runs THEN a presence violation names seed and event`, () => {
      let err: unknown;
      try { runRandomTester({ cfg: profileConfig('skylake-sp'), seed: 9, events: 20_000, sabotage }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(TesterFailure);
      expect((err as TesterFailure).message).toMatch(pattern);
      expect((err as TesterFailure).message).toMatch(/^random tester: seed 9, event \d+/);
    });
  }
});
