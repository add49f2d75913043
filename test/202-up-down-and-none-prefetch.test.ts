/**
 * SCENARIO: AMD's up/down L2 prefetcher and `none`.
 * GIVEN a small machine with `up-down` (4-KiB pages = 64 lines),
 * WHEN core 0 misses on lines in ascending or descending order, at page edges, or writes,
 * THEN the next (or, after a downward step in the same page, the previous) line is
 * prefetched as a read, never across a page; and with `none` no miss ever prefetches.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import { Access, St } from '../src/model/vocab.ts';
import { runRandomTester } from '../src/model/testing/random-tester.ts';
import { acc, kibFor, smallConfig } from './helpers/machine.ts';

function mk(kind: 'up-down' | 'none'): Machine {
  const cfg = smallConfig({
    l1d: { kib: kibFor(16, 4), ways: 4, latCycles: 4 },
    l2: { kib: kibFor(64, 4), ways: 4, latCycles: 12 },
    llc: { kib: kibFor(256, 8), ways: 8, latNs: 40, inclusive: false },
    prefetch: { kind, pairBytes: 128, buddyRequest: 'mirror', onOwned: 'steal' },
  });
  return new Machine(cfg, { sharedLines: 200, nSites: 4, check: true });
}
const held = (m: Machine, core = 0) => {
  const out: number[] = [];
  for (let l = 0; l < m.sharedLines; l++) if (m.dir.state(l, core) !== St.I) out.push(l);
  return out;
};

describe('202 up-down and none prefetchers', () => {
  it('GIVEN no history WHEN core 0 misses line 10 THEN line 11 is prefetched (up by default)', () => {
    const m = mk('up-down');
    acc(m, 0, 10, Access.Read, 0);
    expect(held(m)).toEqual([10, 11]);
    expect(m.dir.isPfTagged(11, 0)).toBe(true);
  });

  it('GIVEN a miss on 20 WHEN the next miss is 17 (downward, same page) THEN 16 is prefetched; then 30 (upward) prefetches 31', () => {
    const m = mk('up-down');
    acc(m, 0, 20, Access.Read, 0);
    acc(m, 0, 17, Access.Read, 100);
    expect(held(m)).toEqual([16, 17, 20, 21]);
    acc(m, 0, 30, Access.Read, 200);
    expect(held(m)).toEqual([16, 17, 20, 21, 30, 31]);
  });

  it('GIVEN page edges (64 lines per 4-KiB page) WHEN the target would cross the page THEN no prefetch', () => {
    const up = mk('up-down');
    acc(up, 0, 63, Access.Read, 0); // last line of page 0: line 64 is in page 1
    expect(held(up)).toEqual([63]);
    const down = mk('up-down');
    acc(down, 0, 65, Access.Read, 0);
    acc(down, 0, 64, Access.Read, 100); // downward from the first line of page 1: 63 is page 0
    expect(held(down)).toEqual([64, 65, 66]);
    // history from another page does not set the direction
    const other = mk('up-down');
    acc(other, 0, 130, Access.Read, 0);
    acc(other, 0, 70, Access.Read, 100); // previous miss in another page: next line, not previous
    expect(held(other)).toEqual([70, 71, 130, 131]);
  });

  it('GIVEN a write miss WHEN up-down prefetches THEN it is a read: another reader keeps its copy', () => {
    const m = mk('up-down');
    acc(m, 1, 41, Access.Read, 0);
    acc(m, 2, 41, Access.Read, 100);
    acc(m, 0, 40, Access.Write, 1000);
    expect([m.dir.state(41, 0), m.dir.state(41, 1), m.dir.state(41, 2)]).toEqual([St.S, St.S, St.S]);
    expect(m.stats.c.prefetchInvalidations).toBe(0);
  });

  it('GIVEN prefetch none WHEN core 0 misses on lines up, down, across pages and pairs THEN nothing but the demanded lines is cached and prefetchIssued = 0', () => {
    const m = mk('none');
    const lines = [10, 11, 12, 30, 29, 28, 63, 64, 100, 4, 5, 6, 7];
    for (const [i, l] of lines.entries()) acc(m, 0, l, i % 2 ? Access.Write : Access.Read, i * 1000);
    expect(held(m)).toEqual([...lines].sort((a, b) => a - b));
    expect(m.stats.c.prefetchIssued + m.stats.c.prefetchDropped).toBe(0);
  });

  it('GIVEN prefetch none under the random tester WHEN 20k events run THEN prefetchIssued = 0', () => {
    const r = runRandomTester({ cfg: mk('none').cfg, seed: 11, events: 20_000 });
    expect(r.machine.stats.c.misses).toBeGreaterThan(1000);
    expect(r.machine.stats.c.prefetchIssued + r.machine.stats.c.prefetchDropped).toBe(0);
  });
});
