/**
 * 303 — the program format expresses hardware microbenchmarks: references indexed by
 * thread ($tid / $role), by a register, and strided (obj+$tid*8); a fixed-duration mode
 * (every role loops until its clock reaches `duration`, spin loops included); per-role
 * metrics (ops/s, ns/op, latency p50/p90/p99/max) in RunResult.perRole and per-role.csv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { runPlan } from '../src/experiment/runner.ts';
import { InputError } from '../src/util/errors.ts';
import { Arena } from '../src/workload/arena.ts';
import { Op } from '../src/workload/ir.ts';
import { compileProgram } from '../src/workload/program/compile.ts';
import { programKind } from '../src/workload/program/kind.ts';
import type { Step } from '../src/workload/program/schema.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { tempDir, writeExperiment } from './6-helpers.ts';
import { programSpec } from './helpers/program-spec.ts';

const objects = {
  c: { size: 64, count: 4, fields: { n: [8, 8] } },
  o: { size: 512, fields: { a: [0, 8], b: [64, 8] } },
};
const prog = (roles: unknown[], extra: Record<string, unknown> = {}) => ({ kind: 'program', objects, scenarios: [{ name: 's', roles, ...extra }] });

/** Addresses of the Mem instructions one thread's steps compile to. */
function addrs(steps: Step[], tid: number, role = tid): number[] {
  const arena = new Arena(64);
  const placed = new Map([
    ['c', arena.slab('c', { layout: { name: 'c', size: 64, objectAlign: 64, typesafeByRcu: false, fields: [{ name: 'n', offset: 8, size: 8 }] }, count: 4 })],
    ['o', arena.slab('o', { layout: { name: 'o', size: 512, objectAlign: 64, typesafeByRcu: false, fields: [{ name: 'a', offset: 0, size: 8 }, { name: 'b', offset: 64, size: 8 }] }, count: 1 })],
  ]);
  const p = compileProgram(steps, { objects: placed, procedures: {}, tid, role }, new SiteTable());
  const base = placed.get('o')![0]!.base;
  return p.code.filter((i) => i.op === Op.Mem).map((i) => (i.addr >= base ? i.addr - base + 100000 : i.addr));
}

function inputErrorOf(f: () => unknown): InputError {
  try { f(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error('expected an InputError');
}

describe('303 references indexed by thread, register and stride', () => {
  it('GIVEN obj[$tid].field and obj[$role].field WHEN compiled for threads 0..3 THEN each thread addresses its own instance', () => {
    for (const tid of [0, 1, 2, 3]) {
      expect(addrs([{ read: 'c[$tid].n' }], tid)).toEqual([tid * 64 + 8]);
      expect(addrs([{ write: 'c[$role].n', value: 1 }], 9, tid)).toEqual([tid * 64 + 8]);
    }
  });

  it('GIVEN obj+$tid*8, 8*$tid, a field plus a stride and obj[$tid]+off WHEN compiled THEN the offsets follow the thread', () => {
    expect(addrs([{ rmw: 'add', at: 'o+$tid*8', value: 1 }], 3)).toEqual([100000 + 24]);
    expect(addrs([{ rmw: 'add', at: 'o+8*$tid', value: 1 }], 5)).toEqual([100000 + 40]);
    expect(addrs([{ read: 'o.b+16+$role*8' }], 0, 2)).toEqual([100000 + 64 + 16 + 16]);
    expect(addrs([{ read: 'c[$tid]+0' }], 2)).toEqual([128]);
  });

  it('GIVEN each thread incrementing its own counter o+$tid*8 (one role) WHEN 8 threads share one line THEN it false-shares; at stride 64 it does not', () => {
    const run = (stride: number) => programKind.simulate(programSpec(prog([{ count: 'rest', program: [{ repeat: 200, body: [{ rmw: 'add', at: `o+$tid*${stride}`, value: 1 }, { done: true }] }] }]), 's', { threads: 8, check: true })).runs[0]!;
    const shared = run(8), padded = run(64);
    expect(shared.counters.ops).toBe(1600);
    expect(shared.counters.hitmLocal + shared.counters.hitmRemote).toBeGreaterThan(400); // a line move on about every other op
    expect(padded.counters.hitmLocal + padded.counters.hitmRemote).toBe(0);
    expect(shared.lines.filter((l) => l.accesses > 0)).toHaveLength(1);
    expect(padded.lines.filter((l) => l.accesses > 0)).toHaveLength(8);
  });

  it('GIVEN obj[reg].field with reg = 2 WHEN a thread writes through it and reads c[2].n back THEN it sees its value (branch taken: 10 more reads)', () => {
    const w = prog([{ count: 1, program: [
      { set: 'i', value: 2 }, { write: 'c[i].n', value: 7 }, { read: 'c[2].n', into: 'x' },
      { if: { reg: 'x', eq: 7 }, then: [{ repeat: 10, body: [{ read: 'c[0].n' }] }] }, { done: true },
    ] }, { count: 'rest', program: [] }]);
    const r = programKind.simulate(programSpec(w, 's', { check: true })).runs[0]!;
    expect(r.counters.accesses).toBe(12);
  });

  it('GIVEN a loop over obj[i] for i = 0..3 WHEN run THEN it touches the four instances\' lines once each, at one site', () => {
    const w = prog([{ count: 1, program: [{ set: 'i', value: 0 }, { repeat: 4, body: [{ rmw: 'add', at: 'c[i].n', value: 1, path: 'loop' }, { add: 'i', value: 1 }] }, { done: true }] }]);
    const res = programKind.simulate(programSpec(w, 's', { threads: 1 }));
    const r = res.runs[0]!;
    expect(r.counters.accesses).toBe(4);
    expect(r.lines.filter((l) => l.accesses === 1)).toHaveLength(4);
    expect(res.sites.filter((s) => s.path === 'loop')).toHaveLength(1);
  });

  it('GIVEN a register index outside the instances WHEN run THEN the run stops with an error instead of touching another object', () => {
    const w = prog([{ count: 1, program: [{ set: 'i', value: 4 }, { read: 'c[i].n' }, { done: true }] }]);
    expect(() => programKind.simulate(programSpec(w, 's', { threads: 1 }))).toThrow(/infinite loop/);
  });
});

describe('303 fixed-duration mode', () => {
  const D = 200_000;

  it('GIVEN duration D and two roles with no done WHEN run THEN every thread stops within one pass after D and each pass is one op', () => {
    const w = prog([
      { name: 'adder', count: 2, program: [{ rmw: 'add', at: 'o.a', value: 1 }] },
      { name: 'worker', count: 1, program: [{ work: 1000 }] },
    ], { duration: D });
    const r = programKind.simulate(programSpec(w, 's', { threads: 3 })).runs[0]!;
    expect(r.counters.cycles).toBeGreaterThanOrEqual(D);
    expect(r.counters.cycles).toBeLessThan(D + 2000);
    const [adder, worker] = r.perRole!;
    expect(worker!.ops).toBe(D / 1000); // 200 passes of exactly 1000 cycles: the 200th ends at D
    expect(adder!.ops).toBeGreaterThan(100);
    expect(r.counters.ops).toBe(adder!.ops + worker!.ops);
  });

  it('GIVEN a CAS ping-pong whose spinners would wait forever once the peer stops WHEN run with a duration THEN the spin loops stop at the time too', () => {
    const pp = (other: number) => [{ set: 'other', value: other }, { until: { reg: 'old', eq: '$tid' }, body: [{ cas: 'o.a', expect: '$tid', new: 'other', into: 'old' }] }, { done: true }];
    const w = prog([{ name: 'ping', count: 1, cpus: ['s0c0'], program: pp(1) }, { name: 'pong', count: 1, cpus: ['s0c1'], program: pp(0) }], { duration: D });
    const r = programKind.simulate(programSpec(w, 's')).runs[0]!;
    expect(r.counters.cycles).toBeLessThan(D + 5000);
    expect(r.perRole!.map((s) => s.role)).toEqual(['ping', 'pong']);
    expect(Math.abs(r.perRole![0]!.ops - r.perRole![1]!.ops)).toBeLessThanOrEqual(1); // they alternate
    expect(r.perRole![0]!.ops).toBeGreaterThan(100);
  });

  it('GIVEN the same scenario with and without a duration WHEN the program already has a done THEN the per-pass op count is the program\'s own', () => {
    const body = [{ repeat: 5, body: [{ work: 100 }, { done: true }] }];
    const r = programKind.simulate(programSpec(prog([{ count: 1, program: body }], { duration: 10_000 }), 's', { threads: 1 })).runs[0]!;
    expect(r.counters.ops).toBe(100); // 20 passes × 5 done, 500 cycles a pass
  });
});

describe('303 per-role metrics', () => {
  it('GIVEN a role of fixed-cost ops WHEN run THEN its latency distribution is exact: every percentile equals the op time', () => {
    const w = prog([{ name: 'fixed', count: 1, program: [{ repeat: 50, body: [{ work: 300 }, { done: true }] }] }], { warmup: 5 });
    const spec = programSpec(w, 's', { threads: 1 });
    const s = programKind.simulate(spec).runs[0]!.perRole![0]!;
    const ns = 300 / spec.machine.freqGHz;
    expect(s).toMatchObject({ role: 'fixed', threads: 1, ops: 45 });
    for (const k of ['nsPerOp', 'p50Ns', 'p90Ns', 'p99Ns', 'maxNs'] as const) expect(s[k]).toBeCloseTo(ns, 9);
    expect(s.opsPerSec).toBeCloseTo(1e9 / ns, 3);
  });

  it('GIVEN a writer that lock-adds a line two readers read WHEN run THEN the roles differ and each distribution is ordered p50 ≤ p90 ≤ p99 ≤ max', () => {
    const w = prog([
      { name: 'writer', count: 1, program: [{ repeat: 300, body: [{ rmw: 'add', at: 'o.a', value: 1 }, { work: 200 }, { done: true }] }] },
      { name: 'reader', count: 'rest', program: [{ repeat: 300, body: [{ read: 'o.a' }, { work: 200 }, { done: true }] }] },
    ]);
    const roles = programKind.simulate(programSpec(w, 's', { threads: 3 })).runs[0]!.perRole!;
    expect(roles.map((r) => [r.role, r.threads, r.ops])).toEqual([['writer', 1, 300], ['reader', 2, 600]]);
    for (const r of roles) {
      expect(r.p50Ns).toBeLessThanOrEqual(r.p90Ns);
      expect(r.p90Ns).toBeLessThanOrEqual(r.p99Ns);
      expect(r.p99Ns).toBeLessThanOrEqual(r.maxNs);
      expect(r.nsPerOp).toBeGreaterThan(200 / 2.2);
    }
    expect(roles[1]!.maxNs).toBeGreaterThan(roles[1]!.p50Ns); // readers miss after each write
  });

  it('GIVEN an experiment WHEN run THEN per-role.csv sits next to results.csv: one row per (point, role), ops adding up to results.csv\'s', async () => {
    const dir = tempDir('perrole');
    const workload = prog([
      { name: 'writer', count: 1, program: [{ repeat: 100, body: [{ rmw: 'add', at: 'o.a', value: 1 }, { done: true }] }] },
      { count: 'rest', program: [{ repeat: 100, body: [{ read: 'o.b' }, { work: 50 }, { done: true }] }] },
    ]);
    const path = writeExperiment(dir, 'exp', { name: 'perrole', workload, profiles: ['broadwell-ep'], prefetch: ['on'], threads: [2, 3], iterations: 2, seed: 5 });
    const loaded = await loadExperiment(path, registryResolver);
    const out = join(dir, 'out');
    await runPlan(loaded, planExperiment(loaded, registryResolver), { out, jobs: 1, resume: false, report: false });
    const rows = readFileSync(join(out, 'per-role.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['experiment', 'point', 'layout', 'profile', 'prefetch', 'threads', 'scenario', 'role', 'role_threads', 'ops', 'ops_per_s', 'ns_per_op', 'p50_ns', 'p90_ns', 'p99_ns', 'max_ns']);
    expect(rows.slice(1).map((r) => [r[1], r[5], r[7], r[8], r[9]])).toEqual([
      ['0', '2', 'writer', '1', '100'], ['0', '2', 'role1', '1', '100'],
      ['1', '3', 'writer', '1', '100'], ['1', '3', 'role1', '2', '200'],
    ]);
    const results = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const opsCol = results[0]!.indexOf('ops');
    expect(results.slice(1).map((r) => Number(r[opsCol]))).toEqual([200, 300]);
    for (const r of rows.slice(1)) expect(Number(r[12])).toBeLessThanOrEqual(Number(r[14]));
  });
});

describe('303 bad references: one InputError with the JSON path', () => {
  it('GIVEN a missing field inside a repeat of the second role WHEN validated THEN the path names that step\'s reference', () => {
    const e = inputErrorOf(() => programKind.validate(prog([{ count: 1, program: [] }, { count: 1, program: [{ repeat: 2, body: [{ read: 'c[$tid].zz' }] }] }]), 'exp.json', 'workload'));
    expect(e.source).toBe('exp.json');
    expect(e.where).toBe('workload.scenarios[0].roles[1].program[0].body[0].read');
    expect(e.reason).toMatch(/no field 'zz'/);
  });

  it('GIVEN obj[$tid] with more threads than instances WHEN simulated THEN one InputError names the step and the thread', () => {
    const w = prog([{ count: 'rest', program: [{ write: 'c[$tid].n', value: 1 }] }]);
    const e = inputErrorOf(() => programKind.simulate(programSpec(w, 's', { threads: 6 })));
    expect(e.where).toBe('workload.scenarios[0].roles[0].program[0].write');
    expect(e.reason).toMatch(/\$tid=4.*4 instance/);
  });

  it('GIVEN a stride past the object WHEN simulated THEN the InputError says so', () => {
    const w = prog([{ count: 'rest', program: [{ write: 'c+$tid*32', value: 1 }] }]);
    expect(inputErrorOf(() => programKind.simulate(programSpec(w, 's', { threads: 3 }))).reason).toMatch(/offset 64 is past the object's 64 bytes/);
  });

  it('GIVEN a reference the grammar rejects WHEN validated THEN it is an InputError naming the step', () => {
    const e = inputErrorOf(() => programKind.validate(prog([{ count: 1, program: [{ read: 'o+$foo*8' }] }]), 'exp.json', 'workload'));
    expect(e.where).toMatch(/^workload\.scenarios\[0\]\.roles\[0\]\.program\[0\]/);
  });
});
