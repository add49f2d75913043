/**
 * SCENARIO: the DCU next-line and L2 streamer prefetchers (folders under src/model/prefetch).
 * GIVEN a small machine whose prefetcher is `none` plus `also` DCU or streamer,
 * WHEN one core loads lines of a page in ascending order (or stores them),
 * THEN the DCU requests line+1 on each load miss (not on store misses), and the streamer
 * starts requesting the next two lines once two misses in a row ascend, and runs backwards
 * for a descending stream.
 */
import { describe, expect, it } from 'vitest';
import { Access } from '../src/model/vocab.ts';
import { acc, smallMachine } from './helpers/machine.ts';

const pf = (also: string[]) => ({ prefetch: { kind: 'none', pairBytes: 128, buddyRequest: 'mirror' as const, onOwned: 'drop', also } });

describe('203 DCU next-line and streamer', () => {
  it('GIVEN the DCU WHEN line 4 is loaded THEN line 5 arrives by prefetch; a store miss prefetches nothing', () => {
    const m = smallMachine(pf(['dcu-next-line']), { sharedLines: 64 });
    acc(m, 0, 4, Access.Read, 0);
    expect(m.l2.find(0, 5)).toBeGreaterThanOrEqual(0);
    expect(m.dir.isPfTagged(5, 0)).toBe(true);
    acc(m, 0, 10, Access.Write, 1000);
    expect(m.l2.find(0, 11)).toBe(-1);
  });
  it('GIVEN the streamer WHEN lines 8, 9, 10 miss THEN 11 and 12 are requested after the second ascending miss', () => {
    const m = smallMachine({ ...pf(['streamer']), l2: { kib: 4, ways: 16, latCycles: 12 }, l1d: { kib: 2, ways: 8, latCycles: 4 } }, { sharedLines: 64 });
    acc(m, 0, 8, Access.Read, 0);
    acc(m, 0, 9, Access.Read, 1000);
    expect(m.stats.c.prefetchIssued).toBe(0);
    acc(m, 0, 10, Access.Read, 2000);
    expect(m.stats.c.prefetchIssued).toBe(2);
    expect(m.dir.isPfTagged(11, 0) && m.dir.isPfTagged(12, 0)).toBe(true);
  });
  it('GIVEN the streamer WHEN lines 20, 19, 18 miss THEN 17 and 16 are requested', () => {
    const m = smallMachine({ ...pf(['streamer']), l2: { kib: 4, ways: 16, latCycles: 12 }, l1d: { kib: 2, ways: 8, latCycles: 4 } }, { sharedLines: 64 });
    for (const [i, l] of [20, 19, 18].entries()) acc(m, 0, l, Access.Read, i * 1000);
    expect(m.dir.isPfTagged(17, 0) && m.dir.isPfTagged(16, 0)).toBe(true);
  });
});
