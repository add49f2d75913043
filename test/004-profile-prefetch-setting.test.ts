/**
 * SCENARIO: an experiment's prefetch axis value maps onto the profile's prefetcher.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/util/errors.ts';
import { applyPrefetchSetting, loadProfile, PREFETCH_SETTINGS, toMachineConfig } from '../src/profile/index.ts';

const bdw = toMachineConfig(loadProfile('broadwell-ep'));
const zen2 = toMachineConfig(loadProfile('zen2-epyc'));

describe('004 prefetch axis', () => {
  it('GIVEN "on" WHEN applied THEN the profile default is kept and the input is not mutated', () => {
    const m = applyPrefetchSetting(bdw, 'on');
    expect(m.prefetch).toEqual(bdw.prefetch);
    expect(m.prefetch).not.toBe(bdw.prefetch);
  });

  it('GIVEN "off" WHEN applied THEN kind is none and nothing else changes', () => {
    const m = applyPrefetchSetting(bdw, 'off');
    expect(m).toEqual({ ...bdw, prefetch: { ...bdw.prefetch, kind: 'none' } });
    expect(bdw.prefetch.kind).toBe('adjacent-line');
  });

  it.each([
    ['mirror-steal', 'mirror', 'steal'], ['mirror-drop', 'mirror', 'drop'],
    ['read-steal', 'read', 'steal'], ['read-drop', 'read', 'drop'],
  ] as const)('GIVEN "%s" WHEN applied THEN adjacent-line with buddyRequest %s, onOwned %s', (s, req, owned) => {
    expect(applyPrefetchSetting(zen2, s).prefetch).toEqual({ kind: 'adjacent-line', pairBytes: 128, buddyRequest: req, onOwned: owned, sharedBuddy: 'keep' });
  });

  it('GIVEN "up-down" on an Intel profile WHEN applied THEN kind is up-down', () => {
    expect(applyPrefetchSetting(bdw, 'up-down').prefetch.kind).toBe('up-down');
  });

  it('GIVEN every documented setting WHEN applied THEN none throws', () => {
    for (const s of PREFETCH_SETTINGS) expect(() => applyPrefetchSetting(bdw, s)).not.toThrow();
  });

  it('GIVEN an unknown setting WHEN applied THEN InputError naming where it was written and the valid values', () => {
    expect(() => applyPrefetchSetting(bdw, 'mirror-keep', { file: 'e.json', path: 'axes.prefetch[2]' }))
      .toThrow(new InputError('e.json', 'axes.prefetch[2]', 'unknown prefetch setting "mirror-keep"; expected one of on, off, none, mirror-steal, mirror-drop, read-steal, read-drop, up-down'));
  });
});
