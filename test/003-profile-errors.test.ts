/**
 * SCENARIO: a bad profile file is reported as ONE InputError that names the file,
 * the JSON path (or line) and the reason — never a zod dump or a stack trace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/util/errors.ts';
import { loadProfile } from '../src/profile/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'linesim-badprof-'));
function write(name: string, body: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return file;
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw new Error(`expected InputError, got ${String(e)}`);
  }
  throw new Error('expected InputError, nothing thrown');
}

describe('003 bad profile files', () => {
  it('GIVEN an unknown key inside a section WHEN loaded THEN the error names file and key path', () => {
    const f = write('unknown-key.json', { extends: 'broadwell-ep', l2: { kibb: { v: 1, src: '[E] x' } } });
    const e = inputError(() => loadProfile(f));
    expect([e.source, e.where, e.reason]).toEqual([f, 'l2.kibb', 'unknown key']);
  });

  it('GIVEN an unknown top-level key WHEN loaded THEN the path is that key', () => {
    const f = write('unknown-top.json', { extends: 'broadwell-ep', prefetcher: { kind: 'none' } });
    expect(inputError(() => loadProfile(f)).where).toBe('prefetcher');
  });

  it('GIVEN a bare number where a sourced number is required WHEN loaded THEN wrong-type error at that path', () => {
    const f = write('wrong-type.json', { extends: 'broadwell-ep', l2: { kib: 512 } });
    const e = inputError(() => loadProfile(f));
    expect(e.source).toBe(f);
    expect(e.where).toBe('l2.kib');
    expect(e.reason).toMatch(/^expected a sourced number/);
  });

  it('GIVEN a string where a number is required WHEN loaded THEN the path reaches the v field', () => {
    const f = write('wrong-v.json', { extends: 'broadwell-ep', freqGHz: { v: '2.6', src: '[S] x' } });
    expect(inputError(() => loadProfile(f)).where).toBe('freqGHz.v');
  });

  it('GIVEN a source without a tag WHEN loaded THEN the src field is blamed', () => {
    const f = write('untagged.json', { extends: 'broadwell-ep', rmwCycles: { v: 20, src: 'I think' } });
    const e = inputError(() => loadProfile(f));
    expect([e.where, e.reason]).toEqual(['rmwCycles.src', 'src must start with a tag [S], [M], [L] or [E]']);
  });

  it('GIVEN two files extending each other WHEN loaded THEN an extends-cycle error names the chain', () => {
    write('cyc-a.json', { extends: 'cyc-b' });
    write('cyc-b.json', { extends: 'cyc-a' });
    const e = inputError(() => loadProfile(join(dir, 'cyc-a.json')));
    expect(e.where).toBe('extends');
    expect(e.reason).toBe('extends cycle: cyc-a → cyc-b → cyc-a');
    expect(e.source).toBe(join(dir, 'cyc-b.json'));
  });

  it('GIVEN a file that extends itself by path WHEN loaded THEN cycle error', () => {
    const f = write('self.json', { extends: './self.json' });
    expect(inputError(() => loadProfile(f)).reason).toBe('extends cycle: self → self');
  });

  it('GIVEN a path to a missing file WHEN loaded THEN the error names the file', () => {
    const missing = join(dir, 'nope.json');
    const e = inputError(() => loadProfile(missing));
    expect(e.message).toContain(missing);
    expect(e.reason).toMatch(/not found/);
  });

  it('GIVEN extends naming a missing profile WHEN loaded THEN error at extends listing known names', () => {
    const f = write('orphan.json', { extends: 'pentium-4' });
    const e = inputError(() => loadProfile(f));
    expect([e.source, e.where]).toEqual([f, 'extends']);
    expect(e.reason).toMatch(/unknown profile "pentium-4"; known profiles: .*broadwell-ep/);
  });

  it('GIVEN an unknown profile name WHEN loaded THEN the error lists the known names', () => {
    expect(inputError(() => loadProfile('pentium-4')).reason).toMatch(/known profiles: .*zen4-epyc/);
  });

  it('GIVEN invalid JSON WHEN loaded THEN the error names the line', () => {
    const f = write('syntax.json', '{\n  "vendor": "intel",\n  "x": 1,\n}\n');
    const e = inputError(() => loadProfile(f));
    expect(e.source).toBe(f);
    expect(e.where).toBe('line 4');
    expect(e.reason).toMatch(/^not valid JSON/);
  });

  it('GIVEN a standalone file missing required fields WHEN loaded THEN "required" at the first missing path', () => {
    const f = write('incomplete.json', { vendor: 'intel' });
    const e = inputError(() => loadProfile(f));
    expect([e.where, e.reason]).toEqual(['lineBytes', 'required']);
  });

  it('GIVEN an Intel profile given a CCX size but no CCX latencies WHEN loaded THEN cross-field error says after extends', () => {
    const f = write('half-amd.json', { extends: 'broadwell-ep', coresPerCcx: { v: 7, src: '[E] x' } });
    const e = inputError(() => loadProfile(f));
    expect(e.where).toBe('c2cNs.sameCcx');
    expect(e.reason).toMatch(/required when coresPerCcx is set.*after extends broadwell-ep/);
  });
});
