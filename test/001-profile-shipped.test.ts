/**
 * SCENARIO: the shipped CPU profiles (cpu-profiles/*.json) load, validate and convert
 * to the engine's MachineConfig, and every number says where it came from.
 */
import { describe, expect, it } from 'vitest';
import { listProfiles, loadProfile, toMachineConfig, type EffectiveProfile } from '../src/profile/index.ts';

const REQUIRED = [
  'broadwell-ep', 'broadwell-ep-noprefetch', 'skylake-sp', 'cascade-lake-sp', 'ice-lake-sp', 'sapphire-rapids',
  'emerald-rapids', 'granite-rapids', 'zen2-epyc', 'zen3-epyc', 'zen4-epyc',
];

/** Every {v, src} leaf with its JSON path. */
function sourcedLeaves(x: unknown, path = ''): Array<{ path: string; v: unknown; src: unknown }> {
  if (typeof x !== 'object' || x === null) return [];
  if ('v' in x) return [{ path, v: (x as { v: unknown }).v, src: (x as unknown as { src: unknown }).src }];
  return Object.entries(x).flatMap(([k, v]) => sourcedLeaves(v, path ? `${path}.${k}` : k));
}

/** Every plain number that is NOT inside a {v, src} leaf (there must be none). */
function bareNumbers(x: unknown, path = ''): string[] {
  if (typeof x === 'number') return [path];
  if (typeof x !== 'object' || x === null || 'v' in x) return [];
  return Object.entries(x).flatMap(([k, v]) => bareNumbers(v, path ? `${path}.${k}` : k));
}

describe('001 shipped profiles', () => {
  const names = listProfiles().map((e) => e.name);

  it('GIVEN the cpu-profiles dir WHEN listed THEN every required profile is there', () => {
    for (const n of REQUIRED) expect(names).toContain(n);
  });

  for (const name of REQUIRED) {
    it(`GIVEN ${name} WHEN loaded and converted THEN the MachineConfig is complete and sane`, () => {
      const p = loadProfile(name);
      const m = toMachineConfig(p);
      expect(m.name).toBe(name);
      expect(m.lineBytes).toBe(64);
      expect(m.coresPerSocket % m.coresPerLlc).toBe(0);
      expect(m.llc.kib).toBeGreaterThan(m.l2.kib);
      expect(m.c2cNs.sameLlc).toBeLessThanOrEqual(m.c2cNs.crossLlc);
      expect(m.c2cNs.crossLlc).toBeLessThan(m.c2cNs.crossSocket);
      expect(m.dramNs.local).toBeLessThan(m.dramNs.remote);
      expect(['none', 'adjacent-line', 'next-line', 'up-down']).toContain(m.prefetch.kind);
      expect(m.calibration['pft.privateWorkCycles']).toBeGreaterThan(0);
      for (const v of Object.values(m).filter((x) => typeof x === 'number')) expect(Number.isFinite(v)).toBe(true);
    });

    it(`GIVEN ${name} WHEN its numbers are inspected THEN each one carries a tagged source`, () => {
      const p: EffectiveProfile = loadProfile(name);
      expect(bareNumbers(p.data)).toEqual([]);
      const leaves = sourcedLeaves(p.data);
      expect(leaves.length).toBeGreaterThanOrEqual(23);
      for (const l of leaves) expect(String(l.src), l.path).toMatch(/^\[[SMLE]\] \S/);
    });
  }

  it('GIVEN broadwell-ep WHEN converted THEN it is the E5-2690 v4 reference box (2×14×2, 2.6 GHz, 35 MiB inclusive, 45/128 ns)', () => {
    const m = toMachineConfig(loadProfile('broadwell-ep'));
    expect([m.sockets, m.coresPerSocket, m.smt, m.freqGHz]).toEqual([2, 14, 2, 2.6]);
    expect(m.llc).toMatchObject({ kib: 35 * 1024, ways: 20, inclusive: true });
    expect(m.c2cNs).toMatchObject({ sameLlc: 45, crossLlc: 45, crossSocket: 128 });
    expect(m.prefetch).toEqual({ kind: 'adjacent-line', pairBytes: 128, buddyRequest: 'mirror', onOwned: 'steal', sharedBuddy: 'keep', also: ['dcu-next-line', 'streamer'] });
    expect(m.coresPerLlc).toBe(14);
  });

  it('GIVEN an AMD profile WHEN converted THEN the LLC domain is the CCX and crossLlc is the cross-CCX latency', () => {
    const m = toMachineConfig(loadProfile('zen3-epyc'));
    expect(m.coresPerLlc).toBe(8);
    expect(m.llc.kib).toBe(32 * 1024);
    expect(m.c2cNs).toMatchObject({ sameLlc: 23, crossLlc: 108, crossSocket: 197 });
    expect(m.prefetch.kind).toBe('up-down');
  });

  it('GIVEN broadwell-ep-noprefetch WHEN compared with broadwell-ep THEN only prefetch.kind differs in the MachineConfig', () => {
    const base = toMachineConfig(loadProfile('broadwell-ep'));
    const variant = toMachineConfig(loadProfile('broadwell-ep-noprefetch'));
    expect(variant).toEqual({ ...base, name: 'broadwell-ep-noprefetch', prefetch: { ...base.prefetch, kind: 'none' } });
  });
});
