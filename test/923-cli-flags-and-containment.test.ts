/**
 * SCENARIO: the shared CLI flag parsers and the containment helpers. GIVEN values a user can
 * type WHEN parsed THEN one InputError naming the flag and the documented limit; GIVEN user
 * text that reaches files, Markdown, CSV or gcc THEN it stays inert.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, formatInputError, oneLine } from '../src/util/errors.ts';
import { checkOutDir, iterationsFlag, jobsFlag, maxJobs, MAX_ITERATIONS, threadsFlag } from '../src/cli/flags.ts';
import { checkCflags, checkHeaderPath } from '../src/layout/from-c.ts';
import { neutraliseCell, stringify } from '../src/util/csv.ts';
import { mdText } from '../src/report/tables.ts';
import { joinInside, safeStem } from '../src/util/safe-path.ts';

const reason = (f: () => unknown) => { try { f(); } catch (e) { expect(e).toBeInstanceOf(InputError); return (e as InputError).reason; } throw new Error('no error'); };

describe('923 CLI flags and containment', () => {
  it('GIVEN --jobs above 4 per CPU, --iterations 1e23 in digits, duplicate threads WHEN parsed THEN the limit is named', () => {
    expect(reason(() => jobsFlag(String(maxJobs() + 1)))).toMatch(new RegExp(`above the limit of ${maxJobs()}`));
    expect(jobsFlag(String(maxJobs()))).toBe(maxJobs());
    expect(reason(() => iterationsFlag('100000000000000000000000'))).toMatch(new RegExp(`above the limit of ${MAX_ITERATIONS}`));
    expect(reason(() => iterationsFlag('1e23'))).toMatch(/expected a positive integer/);
    expect(reason(() => threadsFlag('4,4'))).toMatch(/duplicate/);
    expect(reason(() => checkOutDir('package.json/sub'))).toMatch(/is not a directory/);
  });

  it('GIVEN run and compare WHEN the same flag is bad THEN both verbs say the same thing (one parser)', () => {
    const src = ['run', 'compare', 'regroup'].map((v) => readFileSync(join(import.meta.dirname, '..', 'src', 'cli', `${v}.ts`), 'utf8'));
    for (const s of src) expect(s).not.toMatch(/from '\.\/(run|compare|regroup)\.ts'/);
    for (const s of src) expect(s).not.toMatch(/function (posInt|positiveInt|intList|nameList)\(/);
  });

  it('GIVEN control characters and a long value in an error WHEN formatted THEN one escaped, elided line', () => {
    const line = formatInputError(new InputError('a\nb.json', 'x', `bad '${'v'.repeat(1000)}\u001b[31m'`));
    expect(line).not.toMatch(/[\n\u001b]/);
    expect(line).toContain('a\\nb.json');
    expect(line.length).toBeLessThan(700);
    expect(oneLine('\u2028')).toBe('\\u2028');
  });

  it('GIVEN gcc flags that run programs or a header path with a quote WHEN checked THEN refused; include paths and macros pass', () => {
    for (const f of ['-wrapper', '/bin/sh,-c,id', '-fplugin=x.so', '-B/tmp', '@flags', '-Wl,-x', '-specs=x', '-mplugin=x']) expect(() => checkCflags([f])).toThrow(InputError);
    expect(checkCflags(['-I', 'inc', '-DCONFIG_SMP', '-DX=1', '-std=gnu11', '-m64', '-O2'])).toEqual(['-Iinc', '-DCONFIG_SMP', '-DX=1', '-std=gnu11', '-m64', '-O2']);
    expect(() => checkHeaderPath('/tmp/a".h')).toThrow(InputError);
    expect(() => checkHeaderPath('/tmp/a\n#include "x".h')).toThrow(InputError);
  });

  it('GIVEN cells starting with = + - @ WHEN written as CSV THEN prefixed with a quote; numbers unchanged', () => {
    expect(['=1+1', '+x', '-x', '@SUM(A1)', '\tx', '-0.5', '1e-3', '+3', 'b2'].map(neutraliseCell)).toEqual(["'=1+1", "'+x", "'-x", "'@SUM(A1)", "'\tx", '-0.5', '1e-3', '+3', 'b2']);
    expect(stringify([['=HYPERLINK("x")', -1, '-2']])).toBe(`"'=HYPERLINK(""x"")",-1,-2\n`);
  });

  it('GIVEN names with HTML and Markdown link syntax WHEN put in Markdown THEN inert', () => {
    expect(mdText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(mdText('[a](javascript:x)\n# h|')).toBe('\\[a\\](javascript:x) # h\\|');
  });

  it('GIVEN a layout named ../../../PWNED WHEN turned into an output file THEN it stays inside the directory', () => {
    expect(safeStem('../../../PWNED')).toBe('__.._.._PWNED');
    expect(safeStem('')).toBe('layout');
    expect(joinInside('/tmp/out', `${safeStem('../x')}.json`)).toBe('/tmp/out/__x.json');
    expect(() => joinInside('/tmp/out', '../x.json')).toThrow();
  });

  it('GIVEN the fixtures folder THEN every bad input has a test (920) — none is silently dropped', () => {
    expect(readdirSync(join(import.meta.dirname, 'fixtures', 'bad-inputs')).filter((f) => f !== 'README.md').length).toBe(31);
  });
});
