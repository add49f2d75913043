/**
 * 901 — end to end through the CLI entry (in-process): a small pft experiment with a
 * published table runs, and writes results.csv with the required columns, reproduction.csv
 * and index.html; the same inputs give byte-identical CSV.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';

const tmp = mkdtempSync(join(tmpdir(), 'linesim-901-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const exp = {
  name: 'e2e',
  workload: { kind: 'pft', faultsPerThread: 30, warmupFaults: 5 },
  layouts: ['b2', 'c_rfc'],
  profiles: ['broadwell-ep'],
  prefetch: ['on', 'off'],
  threads: [1, 12],
  iterations: 2,
  published: [{ source: 'test', baseline: 'b2', candidate: 'c_rfc', profile: 'broadwell-ep', prefetch: 'on', metric: 'faults_per_cpu', threads: { '1': 0.39, '12': -14.95 } }],
};

describe('901 linesim run (pft) end to end', () => {
  const file = join(tmp, 'e2e.json');
  writeFileSync(file, JSON.stringify(exp));

  it('GIVEN a pft experiment WHEN run twice THEN the CSV has the required columns and is byte-identical', async () => {
    const a = join(tmp, 'a'), b = join(tmp, 'b');
    expect(await main(['run', file, '--out', a, '--quiet', '--jobs', '1'])).toBe(0);
    expect(await main(['run', file, '--out', b, '--quiet', '--jobs', '1', '--no-report'])).toBe(0);
    const csv = readFileSync(join(a, 'results.csv'), 'utf8');
    const header = csv.split('\n')[0]!.split(',');
    for (const c of ['layout', 'profile', 'prefetch', 'threads', 'faults_per_cpu', 'faults_per_sec', 'hitm_local', 'hitm_remote', 'invalidations', 'prefetch_invalidations']) {
      expect(header).toContain(c);
    }
    expect(csv.split('\n').filter((l) => l.trim() !== '').length).toBe(1 + 2 * 2 * 2);
    expect(readFileSync(join(b, 'results.csv'), 'utf8')).toBe(csv);
    expect(existsSync(join(a, 'reproduction.csv'))).toBe(true);
    expect(existsSync(join(a, 'index.html'))).toBe(true);
    expect(readFileSync(join(a, 'reproduction.csv'), 'utf8')).toMatch(/faults_per_cpu,12,-14.95/);
  }, 60_000);

  it('GIVEN an unknown layout name WHEN run THEN exit code 2 and no output directory', async () => {
    const bad = join(tmp, 'bad.json'), out = join(tmp, 'bad-out');
    writeFileSync(bad, JSON.stringify({ ...exp, layouts: ['b2', 'zz'] }));
    expect(await main(['run', bad, '--out', out, '--quiet'])).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
