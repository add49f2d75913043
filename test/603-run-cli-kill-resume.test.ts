import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { runPlan } from '../src/experiment/runner.ts';
import { parseRunFlags } from '../src/cli/run-experiment.ts';
import { InputError } from '../src/util/errors.ts';
import './6-fake-kind.ts';
import { fakeExperiment, tempDir, writeExperiment } from './6-helpers.ts';

const ROOT = join(import.meta.dirname, '..');
const PLUGIN = pathToFileURL(join(import.meta.dirname, '6-fake-kind.ts')).href;
const dir = tempDir('cli');

interface Cli {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Start `linesim run ...` as a real process with the fake kind as a plugin. */
function start(args: string[], onSpawn?: (kill: () => void) => void): Promise<Cli> {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'src/cli/main.ts', 'run', ...args], {
    cwd: ROOT,
    // Pinned code version: other files of the tree may be edited while this test runs.
    env: { ...process.env, LINESIM_PLUGINS: 'test/6-fake-kind.ts', LINESIM_CODE_VERSION: 'test-603' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  onSpawn?.(() => child.kill('SIGKILL'));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('SCENARIO: a run killed with SIGKILL resumes to the same results', () => {
  it('GIVEN a slow sweep WHEN the CLI is killed after some points are stored and re-run with --resume THEN results.csv equals an uninterrupted run', async () => {
    const body = fakeExperiment({ workload: { kind: 'fake', msPerPoint: 60 }, threads: [1, 2, 4], axes: { slabSlot: [0, 1] } });
    const path = writeExperiment(dir, 'slow', body);
    const killedOut = join(dir, 'killed');
    const pointsDir = join(killedOut, '.points');

    // The uninterrupted reference, in-process, in the same directory: its results.csv
    // must not survive the killed run. Its point store is removed so that the poll
    // below only counts points stored by the killed run.
    const loaded = await loadExperiment(path, registryResolver);
    await runPlan(loaded, planExperiment(loaded, registryResolver), { out: killedOut, jobs: 1, resume: false, report: false, plugins: [PLUGIN] });
    const reference = readFileSync(join(killedOut, 'results.csv'), 'utf8');
    rmSync(pointsDir, { recursive: true });

    const stored = () => (existsSync(pointsDir) ? readdirSync(pointsDir).filter((f) => f.endsWith('.json')).length : 0);
    const killed = await start([path, '--out', killedOut, '--jobs', '2', '--no-report'], (kill) => {
      const timer = setInterval(() => {
        if (stored() >= 6) {
          clearInterval(timer);
          kill();
        }
      }, 10);
    });
    expect(killed.signal).toBe('SIGKILL');
    const storedAtKill = stored();
    expect(storedAtKill).toBeGreaterThanOrEqual(6);
    expect(storedAtKill).toBeLessThan(24);
    expect(existsSync(join(killedOut, 'results.csv'))).toBe(false);

    const resumed = await start([path, '--out', killedOut, '--jobs', '1', '--no-report', '--resume']);
    expect(resumed.stderr).toMatch(new RegExp(`resume: ${storedAtKill} of 24 points already stored`));
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`24 points \\(${24 - storedAtKill} simulated, ${storedAtKill} reused`));
    expect(readFileSync(join(killedOut, 'results.csv'), 'utf8')).toBe(reference);
  }, 20_000);
});

describe('SCENARIO: bad input stops the CLI with one line, exit 2 and no output files', () => {
  it('GIVEN an unknown profile WHEN run THEN exit 2, one stderr line naming the place, nothing written', async () => {
    const path = writeExperiment(dir, 'bad', fakeExperiment({ profiles: ['broadwell-ep', 'nosuch'] }));
    // One process only (each CLI start costs seconds); flags are checked in-process below.
    const badFile = await start([path, '--out', join(dir, 'out-bad')]);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toMatch(new RegExp(`^linesim: ${path}: profiles\\[1\\]: unknown profile "nosuch"[^\\n]*\\n$`));
    expect(badFile.stdout).toBe('');
    expect(existsSync(join(dir, 'out-bad'))).toBe(false);
  }, 20_000);

  it.each([
    [{ jobs: '0' }, '--jobs', "expected a positive integer, got '0'"],
    [{ threads: '1,x' }, '--threads', "expected a positive integer, got 'x'"],
    [{ threads: '1,,4' }, '--threads', 'expected a comma-separated list'],
    [{ iterations: '2.5' }, '--iterations', "expected a positive integer, got '2.5'"],
    [{ profiles: 'a,' }, '--profiles', 'expected a comma-separated list of names'],
    // one parser module (src/cli/flags.ts) for every verb: run rejects duplicates as compare does
    [{ threads: '4,4' }, '--threads', "duplicate entry in '4,4'"],
    [{ profiles: 'zen3-epyc,zen3-epyc' }, '--profiles', 'duplicate entry'],
  ])('GIVEN flags %o WHEN parsed THEN the InputError names %s', (flags, flag, reason) => {
    try {
      parseRunFlags(flags);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).source).toBe(flag);
      expect((e as InputError).reason).toContain(reason);
      return;
    }
    throw new Error('expected an InputError');
  });
});
