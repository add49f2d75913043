import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareRegroup, runRegroup, writeRegroupOutputs, type RegroupRequest } from '../src/regroup/run.ts';
import { parseLayout } from '../src/layout/validate.ts';
import { main } from '../src/cli/main.ts';
import { tempDir } from './8-helpers.ts';

const small: RegroupRequest = {
  input: 'd', profiles: ['broadwell-ep'], prefetch: 'on', threads: 24, maxCachelines: 3, fixed: ['vm_start'], groups: [], references: [],
  budget: 30, seed: 1, slots: [0], short: { faults: 10, warmup: 3, iterations: 1 }, full: { faults: 30, warmup: 5, iterations: 1 }, confirm: 3, shuffle: 3,
};

describe('SCENARIO: regroup from a shuffled vm_area_struct', () => {
  it('GIVEN d shuffled (seed 3) WHEN regrouped at 24 threads with a small budget THEN the candidate is valid, within 3 lines, and no worse than the shuffle by the model', async () => {
    const p = await prepareRegroup(small);
    const lines: string[] = [];
    const o = runRegroup(p, (l) => lines.push(l));
    expect(lines.some((l) => /candidates evaluated, best \d+ cycles\/fault/.test(l))).toBe(true);
    expect(o.candidate.size).toBeLessThanOrEqual(192);
    expect(o.full.score).toBeLessThanOrEqual(o.start.score);
    expect(o.references.map((r) => r.name)).toEqual(['d']); // the unshuffled input is scored as a reference
    const out = tempDir('rg');
    const { layoutPath } = writeRegroupOutputs(out, p, o);
    parseLayout(JSON.parse(readFileSync(layoutPath, 'utf8')), layoutPath);
    const rj = JSON.parse(readFileSync(join(out, 'regroup.json'), 'utf8'));
    expect(rj.candidate.cachelines).toBeLessThanOrEqual(3);
    expect(rj.input.isShuffled).toBe(true);
    expect(rj.references[0].score).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'd-regrouped.h'), 'utf8')).toMatch(/struct vm_area_struct \{/);
  }, 60_000);
});

describe('SCENARIO: regroup CLI input errors', () => {
  it.each([
    [['c', '--max-cachelines', '3'], /impossible bound/],
    [['c', '--fixed', 'vm_nope'], /unknown field 'vm_nope'/],
    [['c', '--group', 'vm_file'], /field\+field/],
    [['c', '--threads', '99'], /exceeds the 56 hardware threads/],
    [['c', '--reference', 'nope'], /unknown layout 'nope'/],
    [['c', '--lock-scheme', 'spinlock'], /--lock-scheme.*expected keep or refcount/],
    [['d', '--lock-scheme', 'refcount'], /already has vm_refcnt/],
    [['a', '--lock-scheme', 'refcount'], /no per-VMA lock/],
  ])('GIVEN %j THEN exit 2, one line, no output directory', async (args, msg) => {
    const out = join(tempDir('rgerr'), 'out');
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => { errs.push(String(s)); return true; }) as typeof process.stderr.write;
    try {
      expect(await main(['regroup', ...(args as string[]), '--out', out])).toBe(2);
    } finally {
      process.stderr.write = orig;
    }
    expect(errs.join('')).toMatch(msg as RegExp);
    expect(errs.join('').trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});
