/**
 * SCENARIO: a run stopped by a signal or by a full disk. GIVEN a slow sweep (the fake kind,
 * 60 ms per point) WHEN the CLI process (and the bin/linesim.js wrapper) gets SIGTERM or
 * SIGINT mid-run THEN no process is left, no .tmp file is left, and --resume completes to a
 * results.csv byte-identical to an uninterrupted run. WHEN a write fails with ENOSPC
 * (simulated: the fs write throws as a full disk does) THEN one line, exit 2, no .tmp, and
 * --resume afterwards gives the same results.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { runPlan } from '../src/experiment/runner.ts';
import '../src/kinds/index.ts';
import './6-fake-kind.ts';
import { fakeExperiment, tempDir, writeExperiment } from './6-helpers.ts';

// A switchable full disk: while `full` is set, every writeFileSync throws ENOSPC as the OS would.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs', async (orig) => {
  const real = await orig<typeof import('node:fs')>();
  const writeFileSync: typeof real.writeFileSync = (...a) => {
    if (disk.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    return real.writeFileSync(...a);
  };
  return { ...real, writeFileSync, default: { ...real, writeFileSync } };
});

const ROOT = join(import.meta.dirname, '..');
const PLUGIN = pathToFileURL(join(import.meta.dirname, '6-fake-kind.ts')).href;
const dir = tempDir('922');
const ENV = { ...process.env, LINESIM_PLUGINS: 'test/6-fake-kind.ts', LINESIM_CODE_VERSION: 'test-922' };

function tmpFiles(d: string): string[] {
  return existsSync(d) ? (readdirSync(d, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp')) : [];
}
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function reference(path: string, out: string): Promise<string> {
  const loaded = await loadExperiment(path, registryResolver);
  await runPlan(loaded, planExperiment(loaded, registryResolver), { out, jobs: 1, resume: false, report: false, plugins: [PLUGIN] });
  return readFileSync(join(out, 'results.csv'), 'utf8');
}

/** Start the CLI (main.ts in-process, or the bin wrapper), send `sig` once 4 points are stored. */
function startAndSignal(entry: string[], args: string[], out: string, sig: NodeJS.Signals) {
  const { LINESIM_PLUGINS: _p, ...noPlugin } = ENV;
  const child = spawn(process.execPath, [...entry, 'run', ...args], { cwd: ROOT, env: entry[0] === 'bin/linesim.js' ? noPlugin : ENV });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const points = join(out, '.points');
  const timer = setInterval(() => {
    if (existsSync(points) && readdirSync(points).filter((f) => f.endsWith('.json')).length >= 4) { clearInterval(timer); child.kill(sig); }
  }, 10);
  return new Promise<{ code: number | null; pid: number; stderr: string }>((resolve) => child.on('close', (code) => { clearInterval(timer); resolve({ code, pid: child.pid!, stderr }); }));
}

// Same code salt in this process and the spawned ones, so --resume reuses their stored points.
process.env.LINESIM_CODE_VERSION = 'test-922';

describe('922 signals and disk errors', () => {
  const body = fakeExperiment({ workload: { kind: 'fake', msPerPoint: 60 }, threads: [1, 2, 4], axes: { slabSlot: [0, 1] } });
  const path = writeExperiment(dir, 'slow', body);

  // The compiled entry point (bin → dist) cannot load the test's TypeScript plugin: it runs a small real program sweep.
  const program = writeExperiment(dir, 'prog', {
    name: 'prog', profiles: ['broadwell-ep'], prefetch: ['on', 'off'], threads: [1, 2, 3, 4, 5, 6], iterations: 2,
    workload: { kind: 'program', objects: { s: { size: 128, fields: { a: [0, 8], b: [64, 8] } } },
      scenarios: [{ name: 'sc', roles: [{ count: 'rest', program: [{ repeat: 4000, body: [{ rmw: 'add', at: 's.a', value: 1 }, { done: true }] }] }] }] },
  });
  const cases: Array<[string, string[], NodeJS.Signals, string]> = [
    ['src/cli/main.ts in one process', ['--import', 'tsx/esm', 'src/cli/main.ts'], 'SIGTERM', path],
    ['the bin/linesim.js entry point', ['bin/linesim.js'], 'SIGTERM', program],
  ];
  for (const [what, entry, sig, exp] of cases) {
    it(`GIVEN ${what} WHEN it gets ${sig} mid-run THEN no process and no .tmp remain, and --resume is byte-identical`, async () => {
      const out = join(dir, `${sig}-${entry.length}`);
      const ref = await reference(exp, join(dir, `reference-${entry.length}`));
      const r = await startAndSignal(entry, [exp, '--out', out, '--jobs', '2', '--no-report'], out, sig);
      expect(r.code).toBe(sig === 'SIGTERM' ? 143 : 130);
      expect(alive(r.pid)).toBe(false);
      expect(tmpFiles(out)).toEqual([]);
      expect(existsSync(join(out, 'results.csv'))).toBe(false);
      await new Promise((res) => setTimeout(res, 300)); // an orphan would keep storing points
      const stored = readdirSync(join(out, '.points')).length;
      await new Promise((res) => setTimeout(res, 300));
      expect(readdirSync(join(out, '.points')).length).toBe(stored);
      const loaded = await loadExperiment(exp, registryResolver);
      const resumed = await runPlan(loaded, planExperiment(loaded, registryResolver), { out, jobs: 1, resume: true, report: false, plugins: [PLUGIN] });
      expect(resumed.reused).toBe(stored);
      expect(stored).toBeGreaterThanOrEqual(4);
      expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(ref);
    }, 30_000);
  }

  it('GIVEN a disk that fills up mid-run WHEN the CLI writes THEN one line naming the file, exit 2, no .tmp; --resume later is byte-identical', async () => {
    const quick = writeExperiment(dir, 'quick', fakeExperiment({ workload: { kind: 'fake', msPerPoint: 1 }, threads: [1, 2, 4], axes: { slabSlot: [0, 1] } }));
    const out = join(dir, 'enospc');
    const ref = await reference(quick, out);
    rmSync(out, { recursive: true });
    const { main } = await import('../src/cli/main.ts');
    let err = '';
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
    const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    // the disk fills after the effective config and a few points were stored
    const watch = setInterval(() => { if (existsSync(join(out, '.points')) && readdirSync(join(out, '.points')).length >= 3) disk.full = true; }, 0);
    let code: number;
    try {
      process.env.LINESIM_PLUGINS = 'test/6-fake-kind.ts';
      code = await main(['run', quick, '--out', out, '--jobs', '1', '--no-report', '--quiet']);
    } finally {
      clearInterval(watch);
      disk.full = false;
      delete process.env.LINESIM_PLUGINS;
      e.mockRestore();
      o.mockRestore();
    }
    expect(code).toBe(2);
    expect(err).toMatch(/^linesim: \S+: cannot write: no space left on device \(ENOSPC\)\n$/);
    expect(tmpFiles(out)).toEqual([]);
    const loaded = await loadExperiment(quick, registryResolver);
    await runPlan(loaded, planExperiment(loaded, registryResolver), { out, jobs: 1, resume: true, report: false, plugins: [PLUGIN] });
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toBe(ref);
    expect(fs.existsSync(out)).toBe(true);
  }, 30_000);
});
