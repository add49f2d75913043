/**
 * SCENARIO: the seeded random tester finds no violation on any shipped profile with any
 * prefetch setting, and does find injected protocol bugs.
 * GIVEN tiny caches (L1 2×2, L2 4×2, LLC 8×2, snoop filter 2×2 where the profile has one) and random reads/writes/RMWs by CPUs on
 * the same core, LLC domain, other domain and other socket, over lines in the same and
 * in different 128-B pairs, with private footprint forcing evictions,
 * WHEN ≥ 10⁶ events run in checked mode (SWMR, presence, data-value + shadow memory),
 * THEN 0 violations; and a MESI copy with one broken cell passed as the machine's
 * protocol is caught with the seed and event index.
 */
import { describe, expect, it } from 'vitest';
import { compileProtocol } from '../src/model/protocol/compiled.ts';
import { MESI, type Cell, type ProtocolTable } from '../src/model/protocol/table.ts';
import { runRandomTester, TesterFailure } from '../src/model/testing/random-tester.ts';
import { listProfiles, loadProfile, toMachineConfig, applyPrefetchSetting } from '../src/profile/index.ts';
import { deriveSeed } from '../src/util/rng.ts';
import { smallConfig } from './helpers/machine.ts';

const SETTINGS = ['none', 'mirror-steal', 'mirror-drop', 'read-steal', 'read-drop', 'up-down'] as const;
const TOTAL = 1_000_000;

/** A MESI copy with one cell replaced (test-only protocol variant). */
function broken(state: keyof ProtocolTable, ev: string, cell: Cell): ProtocolTable {
  const t = structuredClone(MESI) as unknown as Record<string, Record<string, unknown>>;
  t[state]![ev] = cell;
  return t as unknown as ProtocolTable;
}

describe('120 random tester', () => {
  it(`GIVEN every shipped profile × ${SETTINGS.length} prefetch settings WHEN ${TOTAL} random events run checked THEN 0 violations`, () => {
    const names = listProfiles().map((p) => p.name);
    expect(names.length).toBeGreaterThanOrEqual(10);
    const per = Math.ceil(TOTAL / (names.length * SETTINGS.length));
    let events = 0, pfIssued = 0, pfInv = 0, pfDropped = 0, hitm = 0, evictions = 0, backInv = 0, sfBackInv = 0;
    for (const [pi, name] of names.entries()) {
      const base = toMachineConfig(loadProfile(name));
      for (const [si, s] of SETTINGS.entries()) {
        const r = runRandomTester({ cfg: applyPrefetchSetting(base, s), seed: deriveSeed(42, pi, si), events: per });
        events += r.events;
        const c = r.machine.stats.c;
        pfIssued += c.prefetchIssued; pfInv += c.prefetchInvalidations; pfDropped += c.prefetchDropped;
        hitm += c.hitmLocal + c.hitmRemote;
        evictions += r.evictions; backInv += r.backInvalidations;
        sfBackInv += c.sfBackInvalidations;
        if (s === 'none') expect(c.prefetchIssued, `${name} none`).toBe(0);
      }
    }
    expect(events).toBeGreaterThanOrEqual(TOTAL);
    // The run must actually exercise what it claims to (else "0 violations" means little).
    expect(pfIssued).toBeGreaterThan(10_000);
    expect(pfInv).toBeGreaterThan(1_000);
    expect(pfDropped).toBeGreaterThan(1_000);
    expect(hitm).toBeGreaterThan(10_000);
    expect(evictions).toBeGreaterThan(10_000);
    expect(backInv, 'inclusive-LLC back-invalidations (Broadwell)').toBeGreaterThan(1_000);
    expect(sfBackInv, 'snoop-filter back-invalidations (non-inclusive Intel, SF shrunk to 2×2)').toBeGreaterThan(1_000);
  }, 60_000);

  it('GIVEN the same seed twice WHEN run THEN the same counters (replayable failures)', () => {
    const cfg = applyPrefetchSetting(toMachineConfig(loadProfile('broadwell-ep')), 'mirror-steal');
    const a = runRandomTester({ cfg, seed: 7, events: 5000 }).machine.stats.c;
    const b = runRandomTester({ cfg, seed: 7, events: 5000 }).machine.stats.c;
    expect(b).toEqual(a);
  });

  const FAULTS: Array<[string, ProtocolTable, RegExp]> = [
    ['S × FwdGETX stays S without o_removePrivate', broken('S', 'FwdGETX', { next: 'S', do: ['l_ackInvalidate'], desc: 'bug' }), /SWMR/],
    ['M × FwdGETS keeps M', broken('M', 'FwdGETS', { next: 'M', do: ['j_sendDataDirty'], desc: 'bug' }), /SWMR/],
    ['E × FwdGETX goes I but keeps the copy', broken('E', 'FwdGETX', { next: 'I', do: ['k_sendDataClean'], desc: 'bug' }), /presence/],
    ['S × Evict removes the copy but stays S', broken('S', 'Evict', { next: 'S', do: ['n_silentDrop', 'o_removePrivate'], desc: 'bug' }), /presence/],
  ];
  it('GIVEN a lost write (a line\'s version bumped behind the caches\' back) WHEN the tester runs THEN a data-value violation', () => {
    const sabotage = (m: { dir: { version: Float64Array } }, i: number) => { if (i === 2000) m.dir.version[1]!++; };
    expect(() => runRandomTester({ cfg: smallConfig(), seed: 5, events: 10_000, sabotage })).toThrow(/data-value/);
  });

  it('GIVEN simulated memory corrupted behind the program\'s back WHEN the tester reads it THEN a shadow-memory violation', () => {
    const sabotage = (m: { store(a: number, v: number): void }, i: number) => { if (i === 2000) for (let a = 0; a < 6 * 64; a += 4) m.store(a, -1); };
    expect(() => runRandomTester({ cfg: smallConfig(), seed: 5, events: 10_000, sabotage })).toThrow(/data-value \(shadow\)/);
  });

  for (const [label, table, pattern] of FAULTS) {
    it(`GIVEN an injected bug (${label}) WHEN the random tester runs THEN it throws a ${pattern.source} violation naming seed and event`, () => {
      const protocol = compileProtocol(table);
      let err: unknown;
      try { runRandomTester({ cfg: smallConfig(), seed: 3, events: 50_000, protocol }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(TesterFailure);
      const f = err as TesterFailure;
      expect(f.message).toMatch(pattern);
      expect(f.message).toMatch(/^random tester: seed 3, event \d+/);
      expect(f.event).toBeLessThan(50_000);
    });
  }
});
