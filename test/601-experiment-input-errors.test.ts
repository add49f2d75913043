import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/util/errors.ts';
import { loadExperiment, type CliOverrides } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { EXPERIMENT_SCHEMA_FILE, experimentJsonSchema } from '../src/experiment/json-schema.ts';
import './6-fake-kind.ts';
import { fakeExperiment, tempDir, writeExperiment } from './6-helpers.ts';

const dir = tempDir('errors');

/** Load (and plan) an experiment; return the InputError it must raise. */
async function errorOf(body: Record<string, unknown>, cli: CliOverrides = {}): Promise<InputError> {
  const path = writeExperiment(dir, 'bad', body);
  try {
    planExperiment(await loadExperiment(path, registryResolver, cli), registryResolver);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError, got none');
}

const src = `${dir}/bad.json`;

describe('SCENARIO: bad experiment files become one InputError with file and JSON path', () => {
  it.each([
    ['an unknown top-level key', { threadz: [1] }, 'threadz', /unknown key 'threadz'/],
    ['an unknown key in a profile object', { profiles: [{ name: 'broadwell-ep', overide: {} }] }, 'profiles[0].overide', /unknown key/],
    ['a wrong type', { threads: [1, 'x'] }, 'threads[1]', /expected number/],
    ['an unknown profile', { profiles: ['broadwell-ep', 'zen3-epyc', 'foo'] }, 'profiles[2]', /unknown profile "foo".*broadwell-ep/],
    ['an unknown layout', { layouts: ['a', 'nope'] }, 'layouts[1]', /unknown layout 'nope' \(known: .*b2/],
    ['an unknown prefetch setting', { prefetch: ['on', 'sideways'] }, 'prefetch[1]', /unknown prefetch setting 'sideways'/],
    ['an unknown workload kind', { workload: { kind: 'nosuch' } }, 'workload.kind', /unknown workload kind 'nosuch' \(known: .*fake/],
    ['a bad key inside the workload block', { workload: { kind: 'fake', msPerPint: 3 } }, 'workload.msPerPint', /unknown key/],
    ['an exclude on an unknown axis', { exclude: [{ layout: 'a' }, { thread: 4 }] }, 'exclude[1].thread', /unknown axis 'thread'/],
    ['a bad override field', { profiles: [{ name: 'broadwell-ep', overrides: { 'l2.kibs': 512 } }] }, 'profiles[0].overrides.l2.kibs', /unknown key/],
    ['more threads than the profile has', { threads: [1, 64] }, 'threads[1]', /64 threads exceeds the 56 hardware threads/],
    ['a baseline not among layouts', { baseline: 'c' }, 'baseline', /not one of layouts/],
    ['a published comparison on an axis the experiment does not sweep',
      { published: [{ source: 's', axis: 'kc.lruBach', baseline: '15', candidate: '31', profile: 'broadwell-ep', prefetch: 'on', metric: 'm', threads: { 1: 1 } }] },
      'published[0].axis', /'kc\.lruBach' is not an axis of this experiment/],
    ['an extra axis reusing a built-in name', { axes: { threads: [1] } }, 'axes.threads', /built-in axis/],
    ['an extra axis named like a metric', { axes: { ops_per_s: [1] } }, 'axes.ops_per_s', /already a results column/],
    ['a duplicate thread count', { threads: [4, 4] }, 'threads[1]', /duplicate value '4'/],
    ['a malformed published entry', { published: [{ source: 's', baseline: 'a', candidate: 'b2', profile: 'p', prefetch: 'on', metric: 'm', threads: { x: 1 } }] }, 'published[0].threads.x', /positive integers/],
    ['an empty alternative reading', { published: [{ source: 's', baseline: 'a', candidate: 'b2', profile: 'p', prefetch: 'on', metric: 'm', alternative: '', threads: { 1: 1 } }] }, 'published[0].alternative', />=1 characters/],
  ])('GIVEN %s WHEN loaded THEN the error names the path', async (_what, over, where, reason) => {
    const e = await errorOf(fakeExperiment(over));
    expect(e.source).toBe(src);
    expect(e.where).toBe(where);
    expect(e.reason).toMatch(reason);
  });

  it('GIVEN too many threads for one profile but an exclude for those points WHEN planned THEN it is accepted', async () => {
    const path = writeExperiment(dir, 'ok', fakeExperiment({
      profiles: ['broadwell-ep', 'zen3-epyc'],
      threads: [1, 64],
      exclude: [{ profile: 'broadwell-ep', threads: 64 }],
    }));
    const plan = planExperiment(await loadExperiment(path, registryResolver), registryResolver);
    expect(plan.points.filter((p) => p.coords.threads === 64).map((p) => p.coords.profile)).toEqual(['zen3-epyc', 'zen3-epyc', 'zen3-epyc', 'zen3-epyc']);
  });

  it('GIVEN an excluded-everything sweep WHEN planned THEN it is an error, not an empty run', async () => {
    const e = await errorOf(fakeExperiment({ exclude: [{ profile: 'broadwell-ep' }] }));
    expect(e.where).toBe('exclude');
  });

  it('GIVEN --profiles with an unknown name WHEN loaded THEN the error names the flag', async () => {
    const e = await errorOf(fakeExperiment(), { profiles: ['nosuch'] });
    expect(e.source).toBe('--profiles');
    expect(e.reason).toMatch(/unknown profile "nosuch"/);
  });

  it('GIVEN a file that is not JSON WHEN loaded THEN the error says so', async () => {
    const path = `${dir}/broken.json`;
    (await import('node:fs')).writeFileSync(path, '{ "name": ');
    await expect(loadExperiment(path, registryResolver)).rejects.toThrow(/not valid JSON/);
  });
});

describe('SCENARIO: the committed JSON Schema matches the zod schema', () => {
  it('GIVEN experiments/experiment.schema.json WHEN regenerated THEN nothing changes (run src/experiment/write-schema.ts)', () => {
    expect(readFileSync(EXPERIMENT_SCHEMA_FILE, 'utf8')).toBe(experimentJsonSchema());
  });
});
