/**
 * SCENARIO: the snoop-filter fields of a profile (llc.snoopFilter) are validated like
 * every other field, reach the engine per LLC domain, and follow extends/overrides.
 * GIVEN the shipped profiles and small files/overrides that set, break or turn off the
 * filter, WHEN loaded and converted, THEN non-inclusive Intel profiles carry a sourced
 * filter (AMD says "none", Broadwell's inclusive LLC has none), bad input is one
 * InputError at the JSON path, and an inclusive LLC with a filter is refused with the
 * reason.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/util/errors.ts';
import { applyOverrides, listProfiles, loadProfile, toMachineConfig, type SnoopFilterSpec } from '../src/profile/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'linesim-sfprof-'));
function write(name: string, body: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(body, null, 2));
  return file;
}
function inputError(fn: () => unknown): InputError {
  try { fn(); } catch (e) { if (e instanceof InputError) return e; throw new Error(`expected InputError, got ${String(e)}`); }
  throw new Error('expected InputError, nothing thrown');
}

const SF = (entriesPerCore: number, ways: number) => ({
  entriesPerCore: { v: entriesPerCore, src: '[E] test' }, ways: { v: ways, src: '[E] test' },
});

describe('006 profile snoop filter', () => {
  it('GIVEN every shipped profile WHEN loaded THEN non-inclusive Intel has a filter, AMD "none", inclusive none', () => {
    for (const { name } of listProfiles()) {
      const d = loadProfile(name).data, m = toMachineConfig(loadProfile(name));
      if (d.llc.inclusive) {
        expect(d.llc.snoopFilter, name).toBeUndefined();
        expect(m.llc.snoopFilter, name).toBeUndefined();
      } else if (d.vendor === 'amd') {
        expect(d.llc.snoopFilter, `${name}: shadow tags cannot overflow before the L2s`).toBe('none');
        expect(m.llc.snoopFilter, name).toBeUndefined();
      } else {
        const sf = d.llc.snoopFilter as SnoopFilterSpec;
        expect(typeof sf, name).toBe('object');
        expect(sf.entriesPerCore.src, `${name}: the size is an estimate`).toMatch(/^\[E\]/);
        // The one estimate: 1.5 × the L2 lines of a core (Skylake-SP's 12 × 2048 / 16384).
        expect(sf.entriesPerCore.v, name).toBe(1.5 * (d.l2.kib.v * 1024) / d.lineBytes.v);
        expect(m.llc.snoopFilter, name).toEqual({ entries: sf.entriesPerCore.v * d.coresPerSocket.v, ways: sf.ways.v });
      }
    }
  });

  it('GIVEN skylake-sp WHEN converted THEN one filter per socket of 28 × 24576 entries, 12 ways', () => {
    expect(toMachineConfig(loadProfile('skylake-sp')).llc.snoopFilter).toEqual({ entries: 28 * 24576, ways: 12 });
  });

  it('GIVEN a file extending skylake-sp with only snoopFilter.ways WHEN loaded THEN ways changes and entries are kept', () => {
    const f = write('skx-16way.json', { extends: 'skylake-sp', llc: { snoopFilter: { ways: { v: 16, src: '[E] what-if' } } } });
    const m = toMachineConfig(loadProfile(f));
    expect(m.llc.snoopFilter).toEqual({ entries: 28 * 24576, ways: 16 });
    expect(m.llc.inclusive).toBe(false);
  });

  it('GIVEN an experiment override with plain numbers, then "none" WHEN applied THEN the filter is resized, then unbounded', () => {
    const base = loadProfile('ice-lake-sp');
    const small = applyOverrides(base, { llc: { snoopFilter: { entriesPerCore: 64, ways: 4 } } }, 'exp.json profiles[0]');
    expect((small.data.llc.snoopFilter as SnoopFilterSpec).entriesPerCore).toEqual({ v: 64, src: 'override: exp.json profiles[0]' });
    expect(toMachineConfig(small).llc.snoopFilter).toEqual({ entries: 64 * 40, ways: 4 });
    const off = applyOverrides(small, { llc: { snoopFilter: 'none' } }, 'off');
    expect(toMachineConfig(off).llc.snoopFilter).toBeUndefined();
    // and back on: an object over "none" must be complete
    const on = applyOverrides(off, { llc: { snoopFilter: { entriesPerCore: 32, ways: 2 } } }, 'on');
    expect(toMachineConfig(on).llc.snoopFilter).toEqual({ entries: 32 * 40, ways: 2 });
    const half = inputError(() => applyOverrides(off, { llc: { snoopFilter: { ways: 2 } } }, 'x', { file: 'e.json', path: 'o' }));
    expect(half.where).toBe('o.llc.snoopFilter.entriesPerCore');
    expect(half.reason).toMatch(/^required \(after overriding profile ice-lake-sp\)$/);
  });

  it('GIVEN skylake-sp overridden to an inclusive LLC WHEN the filter stays THEN refused with the reason; with "none" THEN accepted', () => {
    const base = loadProfile('skylake-sp');
    const e = inputError(() => applyOverrides(base, { llc: { inclusive: true } }, 'x', { file: 'e.json', path: 'profiles[0].overrides' }));
    expect(e.where).toBe('profiles[0].overrides.llc.snoopFilter');
    expect(e.reason).toMatch(/not valid with llc\.inclusive: true \(an inclusive LLC's core-valid bits are its snoop filter.*set it to "none"/);
    const ok = applyOverrides(base, { llc: { inclusive: true, snoopFilter: 'none' } }, 'x');
    expect(toMachineConfig(ok).llc).toMatchObject({ inclusive: true });
    expect(toMachineConfig(ok).llc.snoopFilter).toBeUndefined();
  });

  it('GIVEN a broadwell-ep file adding a filter to its inclusive LLC WHEN loaded THEN the error names the file and llc.snoopFilter', () => {
    const f = write('bdw-sf.json', { extends: 'broadwell-ep', llc: { snoopFilter: SF(4096, 8) } });
    const e = inputError(() => loadProfile(f));
    expect([e.source, e.where]).toEqual([f, 'llc.snoopFilter']);
    expect(e.reason).toMatch(/core-valid bits.*after extends broadwell-ep/);
    // a what-if non-inclusive Broadwell may have one
    const g = write('bdw-noninc.json', { extends: 'broadwell-ep', llc: { inclusive: false, snoopFilter: SF(4096, 8) } });
    expect(toMachineConfig(loadProfile(g)).llc.snoopFilter).toEqual({ entries: 14 * 4096, ways: 8 });
  });

  it('GIVEN an unknown key in llc.snoopFilter WHEN loaded THEN "unknown key" at that path (not a union dump)', () => {
    const f = write('sf-unknown.json', { extends: 'skylake-sp', llc: { snoopFilter: { entries: { v: 1, src: '[E] x' } } } });
    const e = inputError(() => loadProfile(f));
    expect([e.source, e.where, e.reason]).toEqual([f, 'llc.snoopFilter.entries', 'unknown key']);
  });

  it('GIVEN wrong types in llc.snoopFilter WHEN loaded THEN the error reaches the field', () => {
    const f = write('sf-type.json', { extends: 'skylake-sp', llc: { snoopFilter: { ways: { v: 'x', src: '[E] x' } } } });
    expect(inputError(() => loadProfile(f)).where).toBe('llc.snoopFilter.ways.v');
    const g = write('sf-int.json', { extends: 'skylake-sp', llc: { snoopFilter: { ways: { v: 1.5, src: '[E] x' } } } });
    expect([inputError(() => loadProfile(g)).where, inputError(() => loadProfile(g)).reason]).toEqual(['llc.snoopFilter.ways.v', 'expected an integer']);
    const h = write('sf-word.json', { extends: 'skylake-sp', llc: { snoopFilter: 'off' } });
    const e = inputError(() => loadProfile(h));
    expect([e.where, e.reason]).toEqual(['llc.snoopFilter', 'expected {"entriesPerCore": …, "ways": …} or "none"']);
    const u = write('sf-untagged.json', { extends: 'skylake-sp', llc: { snoopFilter: { ways: { v: 8, src: 'guess' } } } });
    expect(inputError(() => loadProfile(u)).where).toBe('llc.snoopFilter.ways.src');
  });

  it('GIVEN a filter smaller than one set per domain WHEN loaded THEN refused at entriesPerCore', () => {
    const f = write('sf-tiny.json', { extends: 'skylake-sp', llc: { snoopFilter: SF(1, 64) } });
    const e = inputError(() => loadProfile(f));
    expect(e.where).toBe('llc.snoopFilter.entriesPerCore');
    expect(e.reason).toMatch(/× 28 cores per LLC domain must be at least ways \(64\)/);
  });

  it('GIVEN zen3-epyc given a what-if filter WHEN converted THEN it is per CCX (entriesPerCore × coresPerCcx)', () => {
    const p = applyOverrides(loadProfile('zen3-epyc'), { llc: { snoopFilter: { entriesPerCore: 8192, ways: 8 } } }, 'what-if');
    expect(toMachineConfig(p).llc.snoopFilter).toEqual({ entries: 8 * 8192, ways: 8 });
  });
});
