/**
 * `linesim probe --quick` on this machine, end to end: the C benchmarks compile and run
 * within 20 s, probe.json validates, the profile it writes loads and runs the microbench
 * shapes, and `linesim validate` produces its table. Speeds are printed, never asserted.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProbeSchema } from '../src/probe/schema.ts';
import { loadProfile } from '../src/profile/index.ts';
import { runCli } from './helpers/cli-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'linesim-960-'));

describe('960 probe quick mode, profile, validate', () => {
  it('SCENARIO quick probe GIVEN this machine WHEN probed THEN probe.json validates, every measurement has raw reps, and a profile loads', async () => {
    const t0 = Date.now();
    const r = await runCli('probe', '--quick', '--quiet', '--out', join(dir, 'p'), '--profile-out', join(dir, 'probe-box.json'));
    const s = (Date.now() - t0) / 1000;
    process.stderr.write(`960: probe --quick took ${s.toFixed(1)} s\n`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const probe = ProbeSchema.parse(JSON.parse(readFileSync(join(dir, 'p', 'probe.json'), 'utf8')));
    expect(probe.mode).toBe('quick');
    expect(probe.wallSeconds).toBeLessThanOrEqual(20); // the probe's own budget (18 s), not a speed claim
    expect(probe.measurements.latency.length).toBeGreaterThanOrEqual(3);
    for (const l of probe.measurements.latency) expect(l.ns.raw.length).toBe(3);
    expect(probe.measurements.rmw?.nsPerOp.median).toBeGreaterThan(0);
    if (probe.cpusUsed.length >= 2) {
      expect(probe.measurements.pingpong.length).toBeGreaterThan(0);
      expect(probe.measurements.contention.map((c) => `${c.op}/${c.stride}`)).toEqual(
        ['lockadd/8', 'lockadd/64', 'lockadd/128', 'add/8', 'add/64', 'add/128', 'store/8', 'store/64', 'store/128']);
      expect(existsSync(join(dir, 'p', 'c2c-heatmap.svg'))).toBe(true);
    }
    const prof = loadProfile(join(dir, 'probe-box.json'));
    expect(prof.chain.length).toBe(2); // the probe profile + the shipped one it extends
    const own = JSON.parse(readFileSync(join(dir, 'probe-box.json'), 'utf8'));
    expect(own.rmwCycles.src).toMatch(/^\[L\] probe \d{4}-\d\d-\d\d /);
  }, 60_000);

  it('SCENARIO the written profile GIVEN experiments/microbench.json (one prefetch setting, 2 threads) WHEN run THEN every scenario has a result', async () => {
    const mb = JSON.parse(readFileSync('experiments/microbench.json', 'utf8'));
    const exp = { ...mb, $schema: undefined, prefetch: ['on'], threads: [2], profiles: [join(dir, 'probe-box.json')], iterations: 1 };
    exp.exclude = mb.exclude.filter((e: { threads: number }) => e.threads === 2);
    writeFileSync(join(dir, 'mb.json'), JSON.stringify(exp));
    const r = await runCli('run', join(dir, 'mb.json'), '--out', join(dir, 'mb'), '--quiet', '--no-report', '--jobs', '1');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, 'mb', 'results.csv'), 'utf8').trim().split('\n');
    expect(csv.length - 1).toBe(7); // 7 scenarios at 2 threads
  }, 90_000);

  it('SCENARIO validate GIVEN the quick probe WHEN validated THEN a measured-vs-model table with ratios and verdicts is written', async () => {
    const r = await runCli('validate', join(dir, 'p', 'probe.json'), '--out', join(dir, 'v'), '--quiet');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, 'v', 'validate.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('shape,name,threads,measuredNs,modelNs,ratio,note');
    const md = readFileSync(join(dir, 'v', 'validate.md'), 'utf8');
    expect(md).toMatch(/\| locked RMW \| lock add, one core \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
    expect(md).toMatch(/## Verdict per shape/);
    expect(existsSync(join(dir, 'v', 'validate.html'))).toBe(true);
  }, 90_000);

  it('SCENARIO bad flags GIVEN --cpus garbage or a non-json --profile-out WHEN probing THEN exit 2 with one line and nothing written', async () => {
    const a = await runCli('probe', '--quick', '--cpus', 'all', '--out', join(dir, 'x'));
    expect([a.code, a.err.trim()]).toEqual([2, "linesim: --cpus: expected a CPU list like 0-3,8, got 'all'"]);
    const b = await runCli('probe', '--quick', '--profile-out', join(dir, 'p.txt'), '--out', join(dir, 'y'));
    expect(b.code).toBe(2);
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const c = await runCli('probe', '--quick', '--cpus', '9999', '--out', join(dir, 'z'));
    expect([c.code, c.err.trim()]).toEqual([2, 'linesim: --cpus: no usable CPU left to run the probe on']);
  });
});
