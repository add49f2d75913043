import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { runPlan, type RunOptions } from '../src/experiment/runner.ts';
import { lineProgress } from '../src/experiment/progress.ts';
import { fakeCalls } from './6-fake-kind.ts';
import { InputError } from '../src/util/errors.ts';
import { fakeExperiment, tempDir, writeExperiment } from './6-helpers.ts';

const PLUGIN = pathToFileURL(join(import.meta.dirname, '6-fake-kind.ts')).href;
const dir = tempDir('run');

async function run(body: Record<string, unknown>, opts: Partial<RunOptions> & { out: string }) {
  const path = writeExperiment(dir, 'exp', body);
  const loaded = await loadExperiment(path, registryResolver);
  const plan = planExperiment(loaded, registryResolver);
  return runPlan(loaded, plan, { jobs: 1, resume: false, report: false, plugins: [PLUGIN], ...opts });
}

const read = (out: string, f: string) => readFileSync(join(out, f), 'utf8');

describe('SCENARIO: results do not depend on the number of workers', () => {
  it('GIVEN one experiment WHEN run with --jobs 1 and --jobs 2 THEN results.csv and results.json are byte-identical', async () => {
    const body = fakeExperiment({ workload: { kind: 'fake', msPerPoint: 5, scenarios: ['x', 'y'] }, axes: { slabOffset: [0, 16] } });
    const a = await run(body, { out: join(dir, 'j1'), jobs: 1 });
    const before = fakeCalls.n;
    const b = await run(body, { out: join(dir, 'j2'), jobs: 2 });
    expect(fakeCalls.n).toBe(before); // simulated in pool workers, not in this thread
    expect(a.total).toBe(32);
    expect(b.simulated).toBe(32);
    expect(read(join(dir, 'j2'), 'results.csv')).toBe(read(join(dir, 'j1'), 'results.csv'));
    expect(read(join(dir, 'j2'), 'results.json')).toBe(read(join(dir, 'j1'), 'results.json'));
    const csv = read(join(dir, 'j1'), 'results.csv').trim().split('\n');
    expect(csv).toHaveLength(33);
    expect(csv[0]).toMatch(/^experiment,point,layout,profile,prefetch,threads,scenario,slabOffset,ops_per_s,latency_ns,accesses,cycles,ns,hitm_local,hitm_remote,invalidations,prefetch_invalidations,ops,/);
    expect(csv[1]).toMatch(/^fake-exp,0,a,broadwell-ep,on,1,x,0,/);
  });
});

describe('SCENARIO: an InputError raised while simulating stays an InputError', () => {
  it.each([1, 2])('GIVEN a point the kind rejects WHEN run with --jobs %i THEN the run rejects with the InputError', async (jobs) => {
    const body = fakeExperiment({ workload: { kind: 'fake', failThreads: 4 } });
    const err = await run(body, { out: join(dir, `fail${jobs}`), jobs }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe('fake.json: workload.failThreads: no 4-thread runs');
    expect(existsSync(join(dir, `fail${jobs}`, 'results.csv'))).toBe(false);
  });
});

describe('SCENARIO: a simulation bug names the point it hit', () => {
  it.each([1, 2])('GIVEN a kind that throws WHEN run with --jobs %i THEN the error message names the point', async (jobs) => {
    const body = fakeExperiment({ workload: { kind: 'fake', bugThreads: 4 } });
    const err = await run(body, { out: join(dir, `bug${jobs}`), jobs }).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(InputError);
    // Any 4-thread point may fail first on the pool; in-process it is the first one, point 1.
    const first = jobs === 1 ? 'point 1 \\(layout=a profile=broadwell-ep prefetch=on' : 'point \\d+ \\(layout=\\w+ profile=broadwell-ep prefetch=\\w+';
    expect((err as Error).message).toMatch(new RegExp(`^${first} threads=4\\): simulated bug`));
  });
});

describe('SCENARIO: --resume reuses stored points and a plain run starts fresh', () => {
  it('GIVEN a finished run with some stored points removed WHEN resumed THEN only the missing points are simulated and the CSV is unchanged', async () => {
    const out = join(dir, 'resume');
    const body = fakeExperiment();
    const lines: string[] = [];
    fakeCalls.n = 0;
    await run(body, { out, progress: lineProgress((s) => lines.push(s)) });
    expect(fakeCalls.n).toBe(8);
    expect(lines[0]).toMatch(/^\[1\/8\] layout=a profile=broadwell-ep prefetch=on threads=1 \d+\.\ds\n$/);
    const full = read(out, 'results.csv');
    const stored = readdirSync(join(out, '.points')).sort();
    expect(stored).toHaveLength(8);
    for (const f of stored.slice(0, 3)) rmSync(join(out, '.points', f));

    fakeCalls.n = 0;
    const r = await run(body, { out, resume: true });
    expect(fakeCalls.n).toBe(3);
    expect(r.reused).toBe(5);
    expect(read(out, 'results.csv')).toBe(full);

    // Changing the config changes the keys: nothing is reused.
    fakeCalls.n = 0;
    const r2 = await run({ ...body, iterations: 3 }, { out, resume: true });
    expect(r2.reused).toBe(0);
    expect(fakeCalls.n).toBe(8);

    // Without --resume the store is cleared and every point is simulated again.
    fakeCalls.n = 0;
    await run(body, { out });
    expect(fakeCalls.n).toBe(8);
    expect(readdirSync(join(out, '.points'))).toHaveLength(8);
    expect(existsSync(join(out, 'effective-config.json'))).toBe(true);
  });

  it('GIVEN effective-config.json WHEN read THEN it holds resolved profiles with sources, layouts and every point key', async () => {
    const out = join(dir, 'resume');
    const cfg = JSON.parse(read(out, 'effective-config.json'));
    expect(cfg.experiment.iterations).toBe(2);
    expect(cfg.experiment.seed).toBe(1);
    expect(cfg.profiles[0].effective.profile.l2.kib.src).toMatch(/^\[S\]/);
    expect(cfg.profiles[0].machines.off.prefetch.kind).toBe('none');
    expect(Object.keys(cfg.layouts)).toEqual(['a', 'b2']);
    expect(cfg.points).toHaveLength(8);
    expect(readdirSync(join(out, '.points')).sort()).toEqual(cfg.points.map((p: { key: string }) => `${p.key}.json`).sort());
  });
});
