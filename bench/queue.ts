/**
 * `npm run bench:queue`: a 100-point sweep through BullMQ on a private redis-server with
 * 1, 2 and 3 `linesim worker` processes (one pool thread each), against the same sweep
 * run locally in-process (--jobs 1). Points are the test kind 'fake' (test/6-fake-kind.ts)
 * doing a fixed amount of CPU work (--rounds sha256 rounds, default 30 000: ≈ 0.1 s per
 * point on the shared development VM), so the figures isolate the queue from the model
 * yet scale with CPUs as simulations do. (A wall-clock busy-wait would not: three waits
 * overlap even on one core.) Workers are started (and their start-up timed) before each
 * timed submit; the stored results are cleaned between repeats so every point is
 * simulated every time.
 * Prints medians of --repeat runs; no assertions.
 *   speed-up     local wall / queue wall, same points
 *   overhead     (queue wall with 1 worker − local wall) / points, with 0-work points: the
 *                per-point cost of enqueue, pick-up, result store, completion event, fetch
 * Usage: npm run bench:queue [-- --rounds 30000] [-- --repeat 3] [-- --points 100]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import '../test/6-fake-kind.ts';
import { writeExperiment, fakeExperiment } from '../test/6-helpers.ts';
import { startPrivateRedis } from '../test/helpers/redis.ts';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { runPlan, type RunOptions } from '../src/experiment/runner.ts';
import { queueExecutor } from '../src/queue/submit.ts';
import { queueClean } from '../src/queue/admin.ts';
import { modelVersion } from '../src/queue/model-version.ts';
import { parseQueueUrl } from '../src/queue/url.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('rounds', 30_000);
const REPEAT = arg('repeat', 3);
const POINTS = arg('points', 100);
const ROOT = join(import.meta.dirname, '..');
const PLUGIN = pathToFileURL(join(ROOT, 'test', '6-fake-kind.ts')).href;
const dir = mkdtempSync(join(tmpdir(), 'linesim-bench-queue-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// POINTS = 2 layouts × 2 prefetch settings × POINTS/4 thread counts.
function experiment(rounds: number): string {
  const threads = Array.from({ length: Math.ceil(POINTS / 4) }, (_, i) => i + 1);
  return writeExperiment(dir, `bench-${rounds}`, fakeExperiment({ name: `bench-${rounds}`, workload: { kind: 'fake', cpuRounds: rounds }, threads }));
}

async function timed(path: string, opts: Partial<RunOptions>): Promise<number> {
  const loaded = await loadExperiment(path, registryResolver);
  const plan = planExperiment(loaded, registryResolver);
  const t0 = performance.now();
  await runPlan(loaded, plan, { out: join(dir, 'out'), jobs: 1, resume: false, report: false, ...opts });
  return (performance.now() - t0) / 1000;
}

function startWorker(url: string): Promise<{ child: ChildProcess; startS: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx/esm', 'src/cli/main.ts', 'worker', '--queue', url, '--jobs', '1'], {
    cwd: ROOT, env: { ...process.env, LINESIM_PLUGINS: 'test/6-fake-kind.ts' },
  });
  let log = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      log += d;
      if (/waiting for points/.test(log)) resolve({ child, startS: (performance.now() - t0) / 1000 });
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${log}`)));
  });
}

const { url, proc: redis } = await startPrivateRedis(dir);
const target = parseQueueUrl(url);
const version = modelVersion([PLUGIN]);
const execute = queueExecutor(target, { modelVersion: version, log: () => {}, pollMs: 2000 });

try {
  console.log(`bench:queue — ${POINTS} points, ${REPEAT} repeats (medians), ${availableParallelism()} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start`);
  const rows: Array<{ label: string; ms: string; wall: number; speedup: string; extra: string }> = [];
  for (const rounds of [ROUNDS, 0]) {
    const path = experiment(rounds);
    const local: number[] = [];
    for (let r = 0; r < REPEAT; r++) local.push(await timed(path, {}));
    const localWall = median(local);
    const ms = ((localWall / POINTS) * 1000).toFixed(1);
    rows.push({ label: 'local --jobs 1 (in-process)', ms, wall: localWall, speedup: '1.00', extra: '' });
    for (const n of rounds === 0 ? [1] : [1, 2, 3]) {
      const workers = await Promise.all(Array.from({ length: n }, () => startWorker(url)));
      const walls: number[] = [];
      for (let r = 0; r < REPEAT; r++) {
        await queueClean(target, false);
        walls.push(await timed(path, { execute }));
      }
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => w.child.once('exit', r))));
      const wall = median(walls);
      const extra = rounds === 0
        ? `overhead ${(((wall - localWall) / POINTS) * 1000).toFixed(1)} ms/point`
        : `worker start-up ${median(workers.map((w) => w.startS)).toFixed(1)} s (not in wall)`;
      rows.push({ label: `queue, ${n} worker process${n > 1 ? 'es' : ''}`, ms, wall, speedup: (localWall / wall).toFixed(2), extra });
    }
  }
  console.log('\n| run | ms/point (local) | wall s (median) | speed-up vs local | note |\n|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.label} | ${r.ms} | ${r.wall.toFixed(2)} | ${r.speedup} | ${r.extra} |`);
  console.log(`\nload average at end ${loadavg()[0]!.toFixed(1)} — the machine is shared, so figures are noisy`);
} finally {
  redis.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
