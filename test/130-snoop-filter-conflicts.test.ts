/**
 * SCENARIO: a bounded snoop filter per LLC domain (non-inclusive LLC) tracks every shared
 * line held in a private cache of the domain; a fill into a full SF set evicts the LRU
 * entry and back-invalidates that line from every core of the domain (BackInv: dirty data
 * written back, the line lands in the non-inclusive LLC); the last copy leaving frees the
 * entry.
 * GIVEN the small 2-socket × 3-core machine with L2s big enough for the working set (so
 * every lost copy is the SF's doing) and an SF of a few sets × ways,
 * WHEN cores read/write more shared lines than the SF of their domain can track,
 * THEN exactly the SF conflicts back-invalidate, re-reads miss, and the checked mode
 * (SWMR, presence incl. SF presence) holds after every access.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import { checkLine, InvariantViolation } from '../src/model/checker.ts';
import type { SnoopFilterConfig } from '../src/model/machine-config.ts';
import { Access, St } from '../src/model/vocab.ts';
import { acc, collidingPrivateLines, kibFor, smallConfig } from './helpers/machine.ts';

const SHARED = 64;

/** Non-inclusive LLC, L1 4×2, L2 64×8 (512 lines: no L2 capacity evictions here), given SF. */
function sfMachine(sf?: SnoopFilterConfig): Machine {
  const cfg = smallConfig({ l1d: { kib: kibFor(4, 2), ways: 2, latCycles: 4 }, l2: { kib: kibFor(64, 8), ways: 8, latCycles: 12 } });
  return new Machine({ ...cfg, llc: { ...cfg.llc, kib: kibFor(64, 8), ways: 8, inclusive: false, ...(sf ? { snoopFilter: sf } : {}) } },
    { sharedLines: SHARED, nSites: 8, check: true });
}

/** Core `cpu` reads lines[0..], one after another (far apart in time: no queueing). */
function readAll(m: Machine, cpu: number, lines: number[], t0 = 0): number {
  let t = t0;
  for (const l of lines) t = acc(m, cpu, l, Access.Read, t) + 1000;
  return t;
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe('130 snoop filter: conflicts and back-invalidation', () => {
  it('GIVEN a 2×2 SF WHEN one core reads 8 shared lines THEN SF conflicts back-invalidate and a re-read misses; GIVEN a 64×8 SF THEN none', () => {
    const tiny = sfMachine({ entries: 4, ways: 2 });
    const t = readAll(tiny, 0, range(8));
    const c = tiny.stats.c;
    expect(c.sfBackInvalidations, '8 lines into 4 entries: 4 conflicts').toBe(4);
    // LRU per set (line % 2): lines 0..3 were evicted by 4..7.
    for (const l of range(4)) expect(tiny.dir.state(l, 0), `line ${l} back-invalidated`).toBe(St.I);
    for (const l of range(4, 4)) expect(tiny.dir.state(l, 0)).toBe(St.E);
    const missesBefore = c.misses, llcBefore = c.llcHits;
    const done = acc(tiny, 0, 0, Access.Read, t);
    expect(c.misses - missesBefore, 're-read of a back-invalidated line misses').toBe(1);
    expect(c.llcHits - llcBefore, 'the back-invalidated line went to the non-inclusive LLC').toBe(1);
    expect(done - t).toBe(tiny.lat.llc);

    const big = sfMachine({ entries: 64 * 8, ways: 8 });
    const t2 = readAll(big, 0, range(8));
    expect(big.stats.c.sfBackInvalidations).toBe(0);
    const m0 = big.stats.c.misses;
    expect(acc(big, 0, 0, Access.Read, t2) - t2, 'a re-read hits').toBe(big.lat.l1);
    expect(big.stats.c.misses).toBe(m0);
  });

  it('GIVEN no SF (unbounded directory) WHEN the same 8 lines are read THEN no SF state and no back-invalidations', () => {
    const m = sfMachine();
    expect(m.sf).toBeNull();
    readAll(m, 0, range(8));
    expect(m.stats.c.sfBackInvalidations).toBe(0);
  });

  it('GIVEN an SF of exactly the working set (2 sets × 2 ways, 4 lines over 3 cores) WHEN read THEN 0 back-invalidations; one line more THEN some', () => {
    const exact = sfMachine({ entries: 4, ways: 2 });
    // The SF is per domain, shared by its cores: 4 lines between cores 0, 1, 2 (socket 0),
    // line 0 read by two of them (one entry, two sharers).
    let t = readAll(exact, 0, [0, 1]);
    t = readAll(exact, 1, [2, 0], t);
    t = readAll(exact, 2, [3], t);
    expect(exact.stats.c.sfBackInvalidations).toBe(0);
    for (const [core, l] of [[0, 0], [0, 1], [1, 2], [1, 0], [2, 3]] as const) expect(exact.dir.state(l, core)).not.toBe(St.I);
    const hits = exact.stats.c.l1Hits + exact.stats.c.l2Hits;
    readAll(exact, 0, [0, 1], t);
    expect(exact.stats.c.l1Hits + exact.stats.c.l2Hits - hits, 're-reads hit').toBe(2);

    const over = sfMachine({ entries: 4, ways: 2 });
    t = readAll(over, 0, [0, 1]);
    t = readAll(over, 1, [2, 0], t);
    t = readAll(over, 2, [3, 4], t); // line 4: set 0 already holds 0 and 2
    expect(over.stats.c.sfBackInvalidations).toBe(1);
    // LRU in set 0: line 0's entry was refreshed by core 1's fill after line 2's, so 2 goes.
    expect(over.dir.state(2, 1)).toBe(St.I);
    expect(over.sf!.has(0, 2)).toBe(false);
    expect(over.dir.state(0, 0)).toBe(St.S);
    expect(over.dir.state(0, 1)).toBe(St.S);
  });

  it('GIVEN a line shared by two cores of the domain WHEN its SF entry is evicted THEN both copies are back-invalidated (one SF conflict)', () => {
    const m = sfMachine({ entries: 4, ways: 2 });
    let t = readAll(m, 0, [0]);
    t = readAll(m, 1, [0], t);
    t = readAll(m, 2, [2, 4], t); // set 0: 0, 2, then 4 evicts 0 (LRU)
    expect(m.stats.c.sfBackInvalidations).toBe(1);
    expect(m.dir.state(0, 0)).toBe(St.I);
    expect(m.dir.state(0, 1)).toBe(St.I);
    expect(m.l2.find(0, 0)).toBe(-1);
    expect(m.l2.find(1, 0)).toBe(-1);
    expect(t).toBeGreaterThan(0);
  });

  it('GIVEN a line M in core 0 WHEN its SF entry is evicted THEN BackInv writes it back (no owner, clean) into the LLC and the re-read sees the last write', () => {
    const m = sfMachine({ entries: 4, ways: 2 });
    let t = acc(m, 0, 0, Access.Write, 0) + 1000;
    m.store(0, 42);
    expect(m.dir.state(0, 0)).toBe(St.M);
    t = readAll(m, 0, [2, 4], t);
    expect(m.stats.c.sfBackInvalidations).toBe(1);
    expect(m.dir.owner[0]).toBe(-1);
    expect(m.dir.dirty[0]).toBe(0);
    expect(m.llc.find(0, 0), 'written back to the non-inclusive LLC').toBeGreaterThanOrEqual(0);
    const l0 = m.stats.c.llcHits;
    acc(m, 0, 0, Access.Read, t); // checked mode: data-value asserted on the read
    expect(m.stats.c.llcHits - l0).toBe(1);
    expect(m.load(0)).toBe(42);
  });

  it('GIVEN cores on both sockets WHEN socket 0 overflows its SF THEN socket 1\'s copies are untouched (one filter per LLC domain)', () => {
    const m = sfMachine({ entries: 4, ways: 2 });
    let t = readAll(m, 3, [0, 2]); // core 3: socket 1
    t = readAll(m, 0, [0, 2, 4, 6], t);
    expect(m.stats.c.sfBackInvalidations, 'only socket 0\'s set 0 overflowed').toBe(2);
    expect(m.dir.state(0, 3)).toBe(St.S);
    expect(m.dir.state(2, 3)).toBe(St.S);
    expect(m.sf!.has(1, 0)).toBe(true);
    expect(m.sf!.has(0, 0)).toBe(false);
  });

  it('GIVEN copies in two cores WHEN the first leaves (L2 eviction) THEN the entry stays; WHEN the last leaves (invalidation) THEN it is freed', () => {
    const cfg = smallConfig(); // L2 4×2: easy to evict on purpose
    const m = new Machine({ ...cfg, llc: { ...cfg.llc, inclusive: false, snoopFilter: { entries: 16, ways: 2 } } }, { sharedLines: 16, nSites: 8, check: true });
    let t = acc(m, 0, 5, Access.Read, 0) + 1000;
    t = acc(m, 1, 5, Access.Read, t) + 1000;
    for (const p of collidingPrivateLines(m, 0, 5, m.l2.sets, m.l2.ways)) m.touchPrivate(0, p);
    expect(m.dir.state(5, 0)).toBe(St.I);
    expect(m.sf!.has(0, 5), 'core 1 still holds it').toBe(true);
    acc(m, 3, 5, Access.Write, t); // socket 1 takes it exclusive: core 1 invalidated
    expect(m.dir.state(5, 1)).toBe(St.I);
    expect(m.sf!.has(0, 5), 'last copy in socket 0 gone: entry freed').toBe(false);
    expect(m.sf!.has(1, 5)).toBe(true);
    expect(m.stats.c.sfBackInvalidations).toBe(0);
  });

  it('GIVEN the SF entry removed behind the engine\'s back WHEN checked THEN a presence violation names the SF; a stale entry too', () => {
    const m = sfMachine({ entries: 4, ways: 2 });
    readAll(m, 0, [0]);
    m.sf!.tags.remove(0, 0);
    expect(() => checkLine(m, 0)).toThrow(InvariantViolation);
    expect(() => checkLine(m, 0)).toThrow(/no snoop-filter entry/);
    const n = sfMachine({ entries: 4, ways: 2 });
    n.sf!.tags.insert(1, 3);
    expect(() => checkLine(n, 3)).toThrow(/keeps a snoop-filter entry for line 3 that none of its cores holds/);
  });

  it('GIVEN an inclusive LLC with an SF WHEN the machine is built THEN it refuses (core-valid bits are the filter)', () => {
    const cfg = smallConfig();
    expect(() => new Machine({ ...cfg, llc: { ...cfg.llc, inclusive: true, snoopFilter: { entries: 4, ways: 2 } } }, { sharedLines: 8, nSites: 1 }))
      .toThrow(/core-valid bits/);
  });

  it('GIVEN an SF with more sets than shared lines WHEN built THEN it allocates only the sets lines can map to, with the same set per line', () => {
    const m = sfMachine({ entries: 1 << 20, ways: 16 });
    expect(m.sf!.sets).toBe(65536);
    expect(m.sf!.tags.sets).toBe(SHARED);
    readAll(m, 0, range(SHARED));
    expect(m.stats.c.sfBackInvalidations).toBe(0);
    for (let l = 0; l < SHARED; l++) checkLine(m, l);
  });
});
