/**
 * SCENARIO: variants and experiment overrides change exactly the fields they name,
 * keep sources on every number, and extra search dirs / direct paths resolve.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/util/errors.ts';
import {
  applyOverrides, effectiveProfileJson, listProfiles, loadProfile, parseAssignments, toMachineConfig,
} from '../src/profile/index.ts';

function tempDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'linesim-prof-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(body));
  return dir;
}

/** JSON paths whose leaf values differ between two plain objects. */
function diffPaths(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b ? [] : [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) =>
    diffPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
}

describe('002 extends and overrides', () => {
  it('GIVEN a file extending broadwell-ep with one sourced field WHEN loaded THEN only that field differs', () => {
    const dir = tempDir({ 'bdw-big-l2.json': { extends: 'broadwell-ep', l2: { kib: { v: 1024, src: '[E] what-if' } } } });
    const p = loadProfile('bdw-big-l2', { dirs: [dir] });
    const base = loadProfile('broadwell-ep');
    expect(p.name).toBe('bdw-big-l2');
    expect(p.chain.length).toBe(2);
    expect(diffPaths(base.data, p.data).sort()).toEqual(['l2.kib.src', 'l2.kib.v']);
    expect(diffPaths(toMachineConfig(base), toMachineConfig(p)).sort()).toEqual(['l2.kib', 'name']);
  });

  it('GIVEN a two-level chain WHEN loaded by path THEN the nearest file wins field by field', () => {
    const dir = tempDir({
      'mid.json': { extends: 'broadwell-ep', l2: { kib: { v: 512, src: '[E] mid' } }, rmwCycles: { v: 30, src: '[E] mid' } },
      'leaf.json': { extends: 'mid', l2: { kib: { v: 2048, src: '[E] leaf' } } },
    });
    const m = toMachineConfig(loadProfile(join(dir, 'leaf.json')));
    expect(m.l2.kib).toBe(2048);
    expect(m.rmwCycles).toBe(30);
    expect(m.l2.ways).toBe(8);
  });

  it('GIVEN an experiment override with plain numbers WHEN applied THEN values change and get an override source', () => {
    const base = loadProfile('broadwell-ep');
    const p = applyOverrides(base, { l2: { kib: 512 }, c2cNs: { crossSocket: { v: 150, src: '[E] sensitivity' } },
      prefetch: { onOwned: 'drop' } }, 'exp.json profiles[0]');
    expect(p.data.l2.kib).toEqual({ v: 512, src: 'override: exp.json profiles[0]' });
    expect(p.data.c2cNs.crossSocket.src).toBe('[E] sensitivity');
    expect(diffPaths(toMachineConfig(base), toMachineConfig(p)).sort()).toEqual(['c2cNs.crossSocket', 'l2.kib', 'prefetch.onOwned']);
    expect(p.overrides).toEqual(['exp.json profiles[0]']);
    expect(base.data.l2.kib.v).toBe(256); // input not mutated
  });

  it('GIVEN an override with an unknown key WHEN applied THEN one InputError names the file and full JSON path', () => {
    const base = loadProfile('broadwell-ep');
    const err = (() => {
      try {
        applyOverrides(base, { l2: { kibb: 1 } }, 'exp.json', { file: 'exp.json', path: 'profiles[1].overrides' });
      } catch (e) { return e; }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe('exp.json: profiles[1].overrides.l2.kibb: unknown key');
  });

  it('GIVEN an override that breaks a cross-field rule WHEN applied THEN the error names the override path', () => {
    const base = loadProfile('broadwell-ep');
    expect(() => applyOverrides(base, { llc: { kibPerDomain: 4096 } }, 'x', { file: 'e.json', path: 'profiles[0].overrides' }))
      .toThrow(/^e\.json: profiles\[0\]\.overrides\.llc: set exactly one of llc\.kibPerCore and llc\.kibPerDomain/);
  });

  it('GIVEN an override of a wrong type WHEN applied THEN InputError at that path', () => {
    const base = loadProfile('zen4-epyc');
    expect(() => applyOverrides(base, { prefetch: { kind: 'sideways' } }, 'x', { file: 'e.json', path: 'o' }))
      .toThrow('e.json: o.prefetch.kind: expected one of adjacent-line, dcu-next-line, next-line, none, streamer, up-down');
    expect(() => applyOverrides(base, { smt: 'two' }, 'x', { file: 'e.json', path: 'o' })).toThrow(/^e\.json: o\.smt: expected a number/);
  });

  it('GIVEN --set style assignments WHEN parsed THEN they become a nested override object', () => {
    expect(parseAssignments(['l2.kib=512', 'prefetch.kind=none', 'llc.inclusive=false']))
      .toEqual({ l2: { kib: 512 }, prefetch: { kind: 'none' }, llc: { inclusive: false } });
    expect(() => parseAssignments(['l2.kib'])).toThrow(InputError);
  });

  it('GIVEN an extra dir with a same-named profile extending the shipped one WHEN loaded THEN it shadows and inherits', () => {
    const dir = tempDir({ 'broadwell-ep.json': { extends: 'broadwell-ep', rmwCycles: { v: 40, src: '[E] local' } } });
    const entry = listProfiles({ dirs: [dir] }).find((e) => e.name === 'broadwell-ep')!;
    expect(entry.file.startsWith(dir)).toBe(true);
    const p = loadProfile('broadwell-ep', { dirs: [dir] });
    expect(p.chain).toHaveLength(2);
    expect(p.data.rmwCycles.v).toBe(40);
    expect(p.data.coresPerSocket.v).toBe(14);
  });

  it('GIVEN an effective profile WHEN exported THEN the JSON keeps chain, overrides and sources and round-trips', () => {
    const p = applyOverrides(loadProfile('broadwell-ep-noprefetch'), { rmwCycles: 25 }, 'cli');
    const j = JSON.parse(JSON.stringify(effectiveProfileJson(p)));
    expect(j.name).toBe('broadwell-ep-noprefetch');
    expect(j.extendsChain).toHaveLength(2);
    expect(j.overrides).toEqual(['cli']);
    expect(j.profile.prefetch.kind).toBe('none');
    expect(j.profile.rmwCycles).toEqual({ v: 25, src: 'override: cli' });
    expect(j.profile.extends).toBeUndefined();
  });
});
