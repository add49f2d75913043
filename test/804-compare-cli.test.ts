import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { tempDir } from './8-helpers.ts';

async function quietMain(args: string[]): Promise<{ code: number; err: string }> {
  const errs: string[] = [];
  const orig = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => { errs.push(String(s)); return true; }) as typeof process.stderr.write;
  try {
    return { code: await main(args), err: errs.join('') };
  } finally {
    process.stderr.write = orig;
  }
}

describe('SCENARIO: linesim compare writes the side-by-side report through the runner', () => {
  it('GIVEN c and d WHEN compared at 1 and 4 threads THEN compare.md/html/csv and the standard report exist with both layouts', async () => {
    const out = join(tempDir('cmp'), 'out');
    const r = await quietMain(['compare', 'c', 'd', '--threads', '1,4', '--iterations', '1', '--faults', '5', '--warmup', '2', '--jobs', '1', '--quiet', '--out', out]);
    expect(r.code).toBe(0);
    for (const f of ['compare.html', 'compare.md', 'compare.csv', 'compare-layouts.csv', 'new-sharing.csv', 'results.csv', 'index.html', 'summary.md']) expect(existsSync(join(out, f))).toBe(true);
    const md = readFileSync(join(out, 'compare.md'), 'utf8');
    expect(md.indexOf('## New sharing')).toBeLessThan(md.indexOf('## Layouts'));
    expect(md).toMatch(/\| c \| 256 \| 4 \|/);
    expect(md).toMatch(/\| d \| 192 \| 3 \|/);
    expect(md).toMatch(/faults_per_cpu-4/);
    const csv = readFileSync(join(out, 'compare.csv'), 'utf8');
    expect(csv.split('\n').filter((l) => l.includes('cycles_per_fault')).length).toBe(4);
  }, 60_000);

  it('GIVEN --sweep offsets,align WHEN run THEN the heatmap and whatif.csv cover the sweep minus impossible offsets', async () => {
    const out = join(tempDir('sweep'), 'out');
    const r = await quietMain(['compare', 'd', '--sweep', 'offsets,align', '--offsets', '0:128:16', '--threads', '4', '--iterations', '1', '--faults', '4', '--warmup', '1', '--jobs', '1', '--quiet', '--out', out]);
    expect(r.code).toBe(0);
    const rows = readFileSync(join(out, 'whatif.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.length).toBe(9 + 3); // align 16: 0..128 step 16; align 64: 0, 64, 128
    expect(existsSync(join(out, 'plots', 'whatif-offsets.svg'))).toBe(true);
    expect(readFileSync(join(out, 'compare.html'), 'utf8')).toContain('What-if sweep');
  }, 60_000);

  it.each([
    [['compare', 'c', 'nope'], /unknown layout 'nope'/],
    [['compare', 'c'], /at least two layouts/],
    [['compare', 'c', 'd', '--sweep', 'colours'], /unknown sweep 'colours'/],
    [['compare', 'c', '--sweep', 'offsets', '--offsets', '0:5000:16'], /< 4096/],
    [['compare', 'c', 'd', '--prefetch', 'sometimes'], /unknown prefetch setting/],
    [['compare', 'c', 'd', '--threads', '1,99'], /exceeds the 56 hardware threads/],
    [['compare', 'c', 'c'], /same label/],
  ])('GIVEN %j THEN exit 2 with one line and no output directory', async (args, msg) => {
    const out = join(tempDir('cmperr'), 'out');
    const r = await quietMain([...(args as string[]), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg as RegExp);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});
