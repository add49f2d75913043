/**
 * Distributed sweeps through BullMQ on a private redis-server: one submitter and two
 * worker processes give the same results.csv as a local --jobs 1 run; a worker killed
 * mid-point leaves its point to another worker; a worker of another model version
 * refuses. redis-server comes from scripts/setup-tools.sh (the README test command runs
 * it); when it is missing this file fails and says so rather than skipping.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import './6-fake-kind.ts';
import { fakeExperiment, tempDir, writeExperiment } from './6-helpers.ts';
import { startPrivateRedis } from './helpers/redis.ts';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { runPlan } from '../src/experiment/runner.ts';
import { queueExecutor } from '../src/queue/submit.ts';
import { queueClean, queueDrain, queueStatus } from '../src/queue/admin.ts';
import { modelVersion } from '../src/queue/model-version.ts';
import { parseQueueUrl } from '../src/queue/url.ts';
import { InputError } from '../src/util/errors.ts';

const ROOT = join(import.meta.dirname, '..');
const dir = tempDir('queue');
const children: ChildProcessWithoutNullStreams[] = [];
let url = '';

interface Proc {
  child: ChildProcessWithoutNullStreams;
  /** stdout + stderr so far */
  text: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>;
}

/** Start `linesim <args>` from `cwd` (a checkout) with the fake kind as a plugin. */
function linesim(args: string[], cwd = ROOT): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'src/cli/main.ts', ...args], {
    cwd,
    env: { ...process.env, LINESIM_PLUGINS: 'test/6-fake-kind.ts' },
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out })));
  return { child, text: () => out, done };
}

function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (cond()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - t0 > ms) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

function worker(db: number, cwd = ROOT): Proc {
  // Short lock and stalled-check interval: a killed worker's point is retried after ~1-2 s.
  return linesim(['worker', '--queue', `${url}/${db}`, '--jobs', '1', '--stall-ms', '1000'], cwd);
}

const ready = (w: Proc) => /waiting for points/.test(w.text());

// 8 points of 250 ms: long enough to kill a worker mid-point, short enough for a fast file.
const path = writeExperiment(dir, 'sweep', fakeExperiment({ workload: { kind: 'fake', msPerPoint: 250 }, threads: [1, 2] }));
const PLUGIN = pathToFileURL(join(ROOT, 'test', '6-fake-kind.ts')).href;
let reference = '';
// NOTE: process start-up dominates this file (seconds each on a loaded 2-core machine), so
// every worker is started once, in parallel, here: two shared by the first scenarios (db 1)
// and the stale one (db 3). Submitters other than the CLI one run in this process.
let w1: Proc;
let w2: Proc;
let stale: Proc;

/** Submit a sweep from this process, as `linesim run --queue` does; returns results.csv and log lines. */
async function submit(exp: string, db: number, out: string): Promise<{ csv: string; log: string[] }> {
  const log: string[] = [];
  const loaded = await loadExperiment(exp, registryResolver);
  const execute = queueExecutor(parseQueueUrl(`${url}/${db}`), { modelVersion: modelVersion([PLUGIN]), log: (l) => log.push(l), pollMs: 500 });
  await runPlan(loaded, planExperiment(loaded, registryResolver), { out, jobs: 1, resume: false, report: false, execute });
  return { csv: readFileSync(join(out, 'results.csv'), 'utf8'), log };
}

/** A copy of the checkout's model code and data with one comment added: another model version. */
function otherCheckout(): string {
  const other = join(dir, 'other-checkout');
  for (const d of ['src', 'cpu-profiles', 'layouts']) cpSync(join(ROOT, d), join(other, d), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(other, 'package.json'));
  mkdirSync(join(other, 'test'));
  cpSync(join(ROOT, 'test', '6-fake-kind.ts'), join(other, 'test', '6-fake-kind.ts'));
  symlinkSync(join(ROOT, 'node_modules'), join(other, 'node_modules'));
  appendFileSync(join(other, 'src', 'queue', 'protocol.ts'), '// a later edit\n');
  return other;
}

beforeAll(async () => {
  const redisDir = join(dir, 'redis');
  mkdirSync(redisDir);
  const redis = await startPrivateRedis(redisDir, ['--databases', '8']);
  children.push(redis.proc);
  url = redis.url;

  w1 = worker(1);
  w2 = worker(1);
  stale = worker(3, otherCheckout());
  // The reference: a local --jobs 1 run (in this process while the workers start; test 611
  // checks that a local CLI run never loads the queue libraries).
  const loaded = await loadExperiment(path, registryResolver);
  await runPlan(loaded, planExperiment(loaded, registryResolver), { out: join(dir, 'local'), jobs: 1, resume: false, report: false, plugins: [PLUGIN] });
  reference = readFileSync(join(dir, 'local', 'results.csv'), 'utf8');
  await until(() => ready(w1) && ready(w2) && ready(stale), 'three workers to connect', 30_000);
}, 60_000);

afterAll(async () => {
  const live = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of live) c.kill('SIGKILL');
  await Promise.all(live.map((c) => new Promise((r) => c.once('exit', r))));
  rmSync(dir, { recursive: true, force: true });
});

describe('SCENARIO: one submitter and two worker processes', () => {
  it('GIVEN two workers on a private Redis WHEN `linesim run --queue` submits the sweep THEN results.csv is byte-identical to a local --jobs 1 run and both workers took points', async () => {
    const out = join(dir, 'two-workers');
    const sub = await linesim(['run', path, '--queue', `${url}/1`, '--out', out, '--no-report']).done;
    expect(sub.out).toMatch(/0 of 8 points already stored, 8 enqueued, 2 workers connected/);
    expect(sub.code).toBe(0);
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(reference);
    // Both workers simulated something: the sweep really was spread.
    expect(w1.text()).toMatch(/^done /m);
    expect(w2.text()).toMatch(/^done /m);

    // A second submit finds every point stored in Redis and enqueues nothing.
    const again = await submit(path, 1, join(dir, 'again'));
    expect(again.log.join('\n')).toMatch(/8 of 8 points already stored, 0 enqueued/);
    expect(again.csv).toBe(reference);
    const status = await queueStatus(parseQueueUrl(`${url}/1`));
    expect(status.counts).toMatchObject({ waiting: 0, active: 0, failed: 0 });
    expect(status.storedResults).toBe(8);
    expect(status.workers).toHaveLength(2);
  }, 40_000);
});

describe('SCENARIO: a point that fails validation on a worker', () => {
  it('GIVEN a sweep whose 2-thread points are bad input WHEN submitted THEN the submitter fails with the same one-line InputError as a local run, and the point was tried once', async () => {
    const bad = writeExperiment(dir, 'bad', fakeExperiment({ workload: { kind: 'fake', failThreads: 2 }, layouts: ['a'], prefetch: ['on'], threads: [1, 2] }));
    const err = await submit(bad, 1, join(dir, 'bad-out')).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe('fake.json: workload.failThreads: no 2-thread runs');
    const t = parseQueueUrl(`${url}/1`);
    const status = await queueStatus(t);
    expect(status.counts.failed).toBe(1);
    expect(status.failures).toEqual([expect.stringMatching(/: fake.json: workload.failThreads: no 2-thread runs$/)]);
    // Tried once: one start line for its key across both workers.
    const key = /^p(\w+):/.exec(status.failures[0]!)![1]!;
    expect((w1.text() + w2.text()).match(new RegExp(`^start ${key} `, 'gm'))).toHaveLength(1);
    await queueClean(t, true);
  }, 20_000);
});

describe('SCENARIO: a worker killed mid-point', () => {
  it('GIVEN two workers and no stored results WHEN one is SIGKILLed while simulating a point THEN the other simulates that point and results.csv is still identical', async () => {
    await queueClean(parseQueueUrl(`${url}/1`), false);
    const victim = w1;
    // Only the log lines of this sweep count (the same points ran in the first scenario).
    const [vMark, sMark] = [w1.text().length, w2.text().length];
    const victimLog = () => w1.text().slice(vMark);
    const submitted = submit(path, 1, join(dir, 'killed'));
    // Its second point of this sweep has started (a point takes 250 ms): kill it now, mid-point.
    await until(() => (victimLog().match(/^start /gm) ?? []).length >= 2, 'the victim to start its second point');
    victim.child.kill('SIGKILL');
    const starts = victimLog().match(/^start (\w+)/gm)!;
    const killedKey = starts[starts.length - 1]!.slice('start '.length);
    const result = await submitted;
    expect((await victim.done).signal).toBe('SIGKILL');
    expect(victimLog()).not.toMatch(new RegExp(`^done ${killedKey}`, 'm'));
    expect(w2.text().slice(sMark)).toMatch(new RegExp(`^done ${killedKey}`, 'm'));
    expect(result.csv).toBe(reference);
    w2.child.kill('SIGTERM');
    expect((await w2.done).code).toBe(0);
  }, 40_000);
});

describe('SCENARIO: a worker of another model version', () => {
  it('GIVEN a worker running a checkout that differs by one comment WHEN a point is submitted THEN it refuses and stops, and the submitter fails with one line naming both versions', async () => {
    const small = writeExperiment(dir, 'small', fakeExperiment({ layouts: ['a'], prefetch: ['on'], threads: [1] }));
    const err = await submit(small, 3, join(dir, 'refused')).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as InputError).message;
    expect(msg).toMatch(/^--queue: model version mismatch: point 0 .* submitted with linesim model [0-9a-f]{16}, worker .* runs [0-9a-f]{16}/);
    const [, mine, theirs] = /model ([0-9a-f]{16}), worker .* runs ([0-9a-f]{16})/.exec(msg)!;
    expect(mine).toBe(modelVersion([PLUGIN]));
    expect(theirs).not.toBe(mine);
    const w = await stale.done;
    expect(w.code).toBe(2);
    expect(w.out).toMatch(/refused: model version mismatch/);
    expect(w.out).toMatch(/^linesim: --queue: worker .* stopped: it was sent a point of another linesim model version/m);
  }, 40_000);
});

describe('SCENARIO: housekeeping while a submitter waits', () => {
  it('GIVEN a submit waiting on a database with no workers WHEN `queue drain` removes its points THEN the submitter stops with one line saying a point left the queue', async () => {
    const t = parseQueueUrl(`${url}/4`);
    const small = writeExperiment(dir, 'drained', fakeExperiment({ layouts: ['a'], prefetch: ['on'], threads: [1, 2] }));
    const waiting = submit(small, 4, join(dir, 'drained-out')).then(() => undefined, (e: unknown) => e);
    let status = await queueStatus(t);
    for (let i = 0; i < 100 && status.counts.waiting !== 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await queueStatus(t);
    }
    expect(status.counts.waiting).toBe(2);
    expect(status.workers).toEqual([]);
    expect(await queueDrain(t)).toBe(2);
    const err = await waiting;
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/^--queue: point \d \(layout=a .*\) left the queue without a result \(drained\?\); run again with --resume/);
  }, 20_000);
});
