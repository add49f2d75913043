/**
 * SCENARIO (issue 15 acceptance): a user's own struct, end to end. Two member orders of
 * one struct come from a C header through `layout from-c`; one program workload runs over
 * both with a layouts axis ("layout": "$layout"); the report's verdict names the faster
 * order and the field pair that false-shares; compare and regroup run on the same workload.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';

const HEADER = `
struct conn_packed {            /* the counter the writer bumps shares line 0 with the config readers poll */
	unsigned long hits;
	unsigned long cfg;
	unsigned long misses;
	unsigned long spare[13];
};
struct conn_split {             /* the config on a line of its own */
	unsigned long hits;
	unsigned long misses;
	unsigned long spare[6];
	unsigned long cfg;
	unsigned long spare2[7];
};
`;

const role = (name: string, count: number | 'rest', step: Record<string, unknown>) => ({
  name, count, program: [{ repeat: 300, body: [step, { work: 200, jitter: 0.1 }, { done: true }] }],
});

async function quiet(args: string[]): Promise<number> {
  const w = process.stdout.write.bind(process.stdout), e = process.stderr.write.bind(process.stderr);
  const errs: string[] = [];
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { errs.push(String(s)); return true; }) as typeof process.stderr.write;
  try {
    const code = await main(args);
    if (code !== 0) throw new Error(`linesim ${args.join(' ')} → ${code}: ${errs.join('')}`);
    return code;
  } finally {
    process.stdout.write = w; process.stderr.write = e;
  }
}

describe('SCENARIO: my struct from a C header, two member orders, one program', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linesim-910-'));
  const h = join(dir, 'conn.h'), packed = join(dir, 'packed.json'), split = join(dir, 'split.json'), exp = join(dir, 'conn.json');

  it('GIVEN from-c layouts and a layouts axis WHEN run THEN the verdict names the faster order and the false-sharing pair', async () => {
    writeFileSync(h, HEADER);
    await quiet(['layout', 'from-c', h, '--struct', 'conn_packed', '--out', packed]);
    await quiet(['layout', 'from-c', h, '--struct', 'conn_split', '--out', split]);
    writeFileSync(exp, JSON.stringify({
      name: 'conn', layouts: [packed, split], profiles: ['broadwell-ep'], prefetch: ['off'], threads: [4], iterations: 3,
      workload: { kind: 'program', objects: { conn: { layout: '$layout' } }, scenarios: [{ name: 'poll', warmup: 20, roles: [
        role('writer', 1, { rmw: 'add', at: 'conn.hits', value: 1, path: 'record_hit' }),
        role('reader', 'rest', { read: 'conn.cfg', into: 'c', path: 'lookup' }),
      ] }] },
    }));
    const out = join(dir, 'run');
    await quiet(['run', exp, '--out', out, '--quiet', '--jobs', '1']);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    const verdict = md.slice(md.indexOf('## Verdict'));
    expect(md.indexOf('## Verdict')).toBeGreaterThan(0);
    expect(md.split('\n').length).toBeLessThanOrEqual(80);
    // the split order wins, significantly, at the one profile × thread count cell
    expect(verdict).toMatch(/\| profile=broadwell-ep prefetch=off scenario=poll \| conn_split \+\d+\.\d %\* \|/);
    expect(verdict).toMatch(/conn_split vs conn_packed on ops_per_s, 1 cell: better in 1/);
    // false sharing named by field pair in the baseline order, none in the split one
    expect(verdict).toMatch(/- conn_packed: false sharing conn\.hits → conn\.cfg \d\.\d{3}\/op/);
    expect(verdict).toMatch(/- conn_split: false sharing none/);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html.indexOf('id="verdict"')).toBeLessThan(html.indexOf('id="plots"'));
  }, 60_000);

  it('GIVEN the same workload WHEN compare and regroup run on it THEN both finish and regroup separates hits from cfg', async () => {
    const cmp = join(dir, 'cmp');
    await quiet(['compare', packed, split, '--workload', exp, '--threads', '4', '--prefetch', 'off', '--iterations', '2', '--jobs', '1', '--quiet', '--out', cmp]);
    const cmd = readFileSync(join(cmp, 'compare.md'), 'utf8');
    expect(cmd).toMatch(/## Cycles per op/);
    expect(cmd).toMatch(/'conn' lines touched per code path/);
    const rg = join(dir, 'rg');
    await quiet(['regroup', packed, '--workload', exp, '--threads', '4', '--prefetch', 'off', '--budget', '8', '--iterations', '1', '--confirm', '2', '--jobs', '1', '--quiet', '--out', rg]);
    const l = JSON.parse(readFileSync(join(rg, 'conn_packed-regrouped.json'), 'utf8')) as { fields: Array<{ name: string; offset: number }> };
    const at = (n: string) => l.fields.find((f) => f.name === n)!.offset;
    expect(Math.floor(at('hits') / 64)).not.toBe(Math.floor(at('cfg') / 64));
    expect(existsSync(join(rg, 'compare', 'compare.html'))).toBe(true);
  }, 120_000);
});
