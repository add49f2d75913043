/**
 * 604 — per-CPU counters: every run carries per-CPU counters for the CPUs that ran a
 * thread; they add up to the global counters; a two-thread RMW ping-pong on one line
 * shows HITM on both CPUs while a thread on its own line sees none; `linesim run` writes
 * them to per-cpu.csv next to results.csv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { runPlan } from '../src/experiment/runner.ts';
import type { RunResult } from '../src/model/result-types.ts';
import '../src/kinds/index.ts';
import { programKind } from '../src/workload/program/kind.ts';
import { programSpec } from './helpers/program-spec.ts';
import { tempDir, writeExperiment } from './6-helpers.ts';

/** Two roles: `pingpong` threads lock-add one shared word; `loner` lock-adds a word on its own line. */
const workload = {
  kind: 'program',
  objects: {
    shared: { size: 64, align: 128, fields: { x: [0, 8] } },
    own: { size: 64, align: 128, fields: { y: [0, 8] } },
  },
  scenarios: [
    {
      name: 'pingpong-and-loner',
      warmup: 20,
      roles: [
        { name: 'pingpong', count: 2, cpus: ['s0c0', 's1c0'], program: [{ repeat: 500, body: [{ rmw: 'add', at: 'shared.x', value: 1, path: 'ping' }, { work: 50 }, { done: true }] }] },
        { name: 'loner', count: 1, cpus: ['s0c3t1'], program: [{ repeat: 500, body: [{ rmw: 'add', at: 'own.y', value: 1, path: 'alone' }, { work: 50 }, { done: true }] }] },
      ],
    },
  ],
};

const run = (): RunResult => programKind.simulate(programSpec(workload, 'pingpong-and-loner', { threads: 3, prefetch: 'on' })).runs[0]!;

describe('SCENARIO: per-CPU counters of a run', () => {
  it('GIVEN two threads ping-ponging one line and one on its own line WHEN run THEN there is a row per CPU that ran a thread, named like roles\' cpus', () => {
    const r = run();
    expect(r.perCpu!.map((c) => c.label)).toEqual(['s0c0t0', 's1c0t0', 's0c3t1']);
    expect(r.perCpu!.map((c) => [c.socket, c.core, c.smt])).toEqual([[0, 0, 0], [1, 0, 0], [0, 3, 1]]);
    expect(r.perCpu!.map((c) => c.cpu)).toEqual([...r.perCpu!.map((c) => c.cpu)].sort((a, b) => a - b));
  });

  it('WHEN the per-CPU counters are summed THEN they equal the global accesses, hits, misses, HITM and queue cycles', () => {
    const r = run();
    const sum = (k: 'accesses' | 'l1Hits' | 'l2Hits' | 'llcHits' | 'misses' | 'hitmLocal' | 'hitmRemote' | 'prefetchInvalidations' | 'queueCycles') =>
      r.perCpu!.reduce((s, c) => s + c[k], 0);
    for (const k of ['accesses', 'l1Hits', 'l2Hits', 'llcHits', 'misses', 'hitmLocal', 'hitmRemote', 'prefetchInvalidations'] as const) expect(sum(k), k).toBe(r.counters[k]);
    expect(sum('queueCycles')).toBeCloseTo(r.counters.queueCycles, 6);
    expect(r.counters.hitmRemote).toBeGreaterThan(0);
  });

  it('WHEN the CPUs\' measured rates are read THEN each did its 480 measured ops, and the loner on its own line runs faster than the ping-pong pair', () => {
    const r = run();
    expect(r.perCpu!.map((c) => c.ops)).toEqual([480, 480, 480]);
    const [a, b, loner] = r.perCpu!.map((c) => c.opsPerSec!);
    expect(loner).toBeGreaterThan(a!);
    expect(loner).toBeGreaterThan(b!);
    // 480 ops of (lock add + 50 cycles) at most one per 50 cycles on Broadwell-EP's 2.6 GHz
    expect(loner).toBeLessThan((2.6e9 / 50));
  });

  it('WHEN two CPUs on different sockets RMW one line THEN both see remote HITM and invalidations; the loner sees no HITM', () => {
    const [a, b, loner] = run().perCpu!;
    for (const c of [a!, b!]) {
      // The holder off the home socket keeps the line ~131 cycles after it arrives (the
      // snoop crosses the link), so it sometimes does two adds per visit: well over 200
      // hand-offs each of 500 ops, not one per op.
      expect(c.hitmRemote).toBeGreaterThan(200);
      expect(c.invalidationsReceived).toBeGreaterThan(200);
    }
    expect(loner!.hitmLocal + loner!.hitmRemote).toBe(0);
    expect(loner!.misses).toBeLessThanOrEqual(2);
    expect(loner!.accesses).toBe(500);
  });
});

describe('SCENARIO: linesim run writes per-cpu.csv', () => {
  it('GIVEN a small program experiment WHEN run THEN per-cpu.csv has the columns and one row per (point, CPU), in point order', async () => {
    const dir = tempDir('percpu');
    const path = writeExperiment(dir, 'exp', { name: 'percpu', workload, profiles: ['broadwell-ep'], prefetch: ['on', 'off'], threads: [3], iterations: 2, seed: 3 });
    const loaded = await loadExperiment(path, registryResolver);
    const out = join(dir, 'out');
    await runPlan(loaded, planExperiment(loaded, registryResolver), { out, jobs: 1, resume: false, report: false });
    const rows = readFileSync(join(out, 'per-cpu.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    // the axis columns are results.csv's, so a row joins back to its point by `point` or by axes
    const axes = readFileSync(join(out, 'results.csv'), 'utf8').split('\n')[0]!.split(',').slice(2, 7);
    expect(axes).toEqual(['layout', 'profile', 'prefetch', 'threads', 'scenario']);
    expect(rows[0]).toEqual([
      'experiment', 'point', ...axes, 'cpu', 'socket', 'core', 'smt',
      'accesses', 'l1_hits', 'l2_hits', 'llc_hits', 'misses', 'hitm_local', 'hitm_remote',
      'invalidations_received', 'prefetch_invalidations', 'queue_cycles', 'ops', 'ops_per_s',
    ]);
    const col = (name: string) => rows[0]!.indexOf(name);
    const pick = (r: string[]) => [r[0], r[1], r[col('prefetch')], r[col('threads')], r[col('cpu')], r[col('socket')], r[col('core')], r[col('smt')]].join(',');
    expect(rows.slice(1).map(pick)).toEqual([
      'percpu,0,on,3,s0c0t0,0,0,0', 'percpu,0,on,3,s1c0t0,1,0,0', 'percpu,0,on,3,s0c3t1,0,3,1',
      'percpu,1,off,3,s0c0t0,0,0,0', 'percpu,1,off,3,s1c0t0,1,0,0', 'percpu,1,off,3,s0c3t1,0,3,1',
    ]);
    // accesses per CPU: 500 RMWs (the first 20 are warm-up), the same in every iteration
    expect(rows.slice(1).map((r) => r[col('accesses')])).toEqual(['500', '500', '500', '500', '500', '500']);
    // measured operations per CPU: the 480 after warm-up; and a rate for each
    expect(rows.slice(1).map((r) => r[col('ops')])).toEqual(['480', '480', '480', '480', '480', '480']);
    expect(rows.slice(1).every((r) => Number(r[col('ops_per_s')]) > 0)).toBe(true);
  });
});

describe('SCENARIO: points stored before per-CPU counters are not reused', () => {
  it('GIVEN a pinned LINESIM_CODE_VERSION WHEN resume keys are made THEN they carry the result format (3), so older stored points get new keys', async () => {
    const { codeVersionSalt } = await import('../src/experiment/point-key.ts');
    const before = process.env.LINESIM_CODE_VERSION;
    process.env.LINESIM_CODE_VERSION = 'pin-604';
    try {
      expect(codeVersionSalt()).toBe('r3:pinned:pin-604');
    } finally {
      if (before === undefined) delete process.env.LINESIM_CODE_VERSION; else process.env.LINESIM_CODE_VERSION = before;
    }
  });
});
