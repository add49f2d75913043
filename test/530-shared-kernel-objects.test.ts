/**
 * SCENARIO 530: the fault path's other shared kernel objects (issue 13).
 * - The queued spinlock program is a lock: N threads each add 1 to a plain counter K
 *   times under it; the counter ends at N·K (a lost update would show a broken lock).
 * - Every kernel constant carries a source tag.
 * - pft with the objects costs more per fault at one thread than without them, and
 *   leaving one out (axis kernelObjectsOff) changes the simulated time.
 * - Bad axis values are one InputError naming the axis.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import { Arena } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { Cond } from '../src/workload/ir.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { emitSpinLock, emitSpinUnlock, QNODE_LAYOUT, QSPINLOCK_LAYOUT } from '../src/kernel/shared/qspinlock.ts';
import { KERNEL_CONSTANTS } from '../src/kernel/shared/constants.ts';
import { parsePft, simulatePft } from '../src/kernel/pft.ts';
import { checkVmaAxes } from '../src/kernel/preflight.ts';
import { InputError } from '../src/util/errors.ts';
import { profileConfig } from './helpers/machine.ts';
import { kernelSpec } from './helpers/5-kernel-spec.ts';

function lockedCounter(nThreads: number, k: number, cpus: number[]): number {
  const cfg = profileConfig('broadwell-ep', 'on');
  const arena = new Arena(cfg.lineBytes);
  const lock = arena.single('lock', QSPINLOCK_LAYOUT, 64);
  const data = arena.single('data', { name: 'data', size: 64, objectAlign: 64, typesafeByRcu: false, fields: [{ name: 'n', offset: 0, size: 4 }] }, 64);
  const qnodes = Array.from({ length: nThreads }, (_, i) => arena.single(`q${i}`, QNODE_LAYOUT, 64));
  const sites = new SiteTable();
  const L = { obj: lock, role: 'lock', locked: 'locked', tail: 'tail' };
  const progs = Array.from({ length: nThreads }, (_, tid) => {
    const b = new ProgramBuilder(sites).inPath('t');
    b.set('i', 0).label('loop');
    emitSpinLock(b, L, { tid, qnodes, pauseCycles: cfg.pauseCycles });
    b.read({ obj: data, role: 'data', field: 'n' }, 'v');
    b.work(30);
    b.add('v', 1).write({ obj: data, role: 'data', field: 'n' }, b.r('v'));
    emitSpinUnlock(b, L);
    b.work(50).done().add('i', 1).br('i', Cond.Lt, k, 'loop').halt();
    return b.build();
  });
  const m = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: sites.sites.length, check: true });
  runThreads(m, progs.map((program, i) => ({ cpu: cpus[i]!, program })), { seed: 3, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] });
  return m.load(data.base);
}

describe('530 shared kernel objects', () => {
  it('GIVEN 6 threads on both sockets and SMT siblings WHEN each adds 1 under the qspinlock 40 times THEN the counter is 240', () => {
    expect(lockedCounter(6, 40, [0, 1, 14, 15, 28, 43])).toBe(240);
  });

  it('GIVEN an indexed write (object = register value) WHEN run THEN it lands in that object only', () => {
    const cfg = profileConfig('broadwell-ep', 'none');
    const arena = new Arena(cfg.lineBytes);
    const objs = Array.from({ length: 4 }, (_, i) => arena.single(`o${i}`, QNODE_LAYOUT, 4096));
    const b = new ProgramBuilder(new SiteTable()).inPath('t');
    b.set('k', 2).writeIndexed({ obj: objs[0]!, role: 'o', field: 'next' }, 'k', 4096, 7).halt();
    const m = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: 1, check: true });
    runThreads(m, [{ cpu: 0, program: b.build() }], { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] });
    expect(objs.map((o) => m.load(o.base + 8))).toEqual([0, 0, 7, 0]);
  });

  it('GIVEN the kernel constants THEN each has a value and a source with a tag', () => {
    for (const [name, c] of Object.entries(KERNEL_CONSTANTS)) {
      expect(c.v, name).toBeGreaterThan(0);
      expect(c.src, name).toMatch(/^\[(S|M|E|L|I)\]/);
    }
  });

  it('GIVEN pft at one thread WHEN the shared objects are on THEN a fault costs more cycles than with all left out, and leaving out only the zone lock lies between', () => {
    const w = { kind: 'pft', faultsPerThread: 200, warmupFaults: 10, jitter: 0 };
    const fpc = (off?: string) => simulatePft(kernelSpec('b2', w, { threads: 1, check: false, ...(off ? { params: { kernelObjectsOff: off } as unknown as Record<string, number> } : {}) })).runs[0]!.metrics.faults_per_cpu!;
    const on = fpc(), none = fpc('all'), noZone = fpc('zone');
    expect(on).toBeLessThan(noZone);
    expect(noZone).toBeLessThan(none);
  });

  it('GIVEN bad axis values THEN one InputError names the axis', () => {
    const bad = (params: Record<string, unknown>) => () => checkVmaAxes(kernelSpec('b2', { kind: 'pft' }, { params: params as Record<string, number> }), 'x.json');
    expect(bad({ 'kc.nope': 1 })).toThrow(InputError);
    expect(bad({ 'kc.nope': 1 })).toThrow(/axes\.kc\.nope/);
    expect(bad({ 'kc.lruBatch': -1 })).toThrow(/non-negative/);
    expect(bad({ kernelObjectsOff: 'slab' })).toThrow(/axes\.kernelObjectsOff/);
    expect(bad({ placement: 'everywhere' })).toThrow(/axes\.placement/);
    // an axis the VMA kinds never read would be silently ignored (a workload setting is not an axis)
    expect(bad({ jitter: 0.2 })).toThrow(/axes\.jitter: the pft workload reads no axis 'jitter'/);
    const spf = (params: Record<string, unknown>) => () => checkVmaAxes(kernelSpec('b2', { kind: 'spf' }, { params: params as Record<string, number> }), 'x.json', 'spf');
    expect(spf({ placement: 'spread' })).toThrow(/axes\.placement: the spf workload reads no axis 'placement'/);
    expect(spf({ exceptionCycles: 710 })).toThrow(/axes\.exceptionCycles/);
    expect(spf({ slabSlot: 1, lockSlot: 2 })).not.toThrow();
    expect(bad({ slabSlot: 1, lockSlot: 2, slabOffset: 16, objectAlign: 64 })).not.toThrow();
    expect(bad({ 'kc.lruBatch': 15, kernelObjectsOff: 'zone', placement: 'linux-order' })).not.toThrow();
    expect(() => parsePft({ kind: 'pft', placement: 'everywhere' }, 'x.json')).toThrow(/workload\.placement: expected "spread"/);
    expect(() => parsePft({ kind: 'pft', placement: [1, 1] }, 'x.json')).toThrow(/lists a CPU twice/);
    expect(() => parsePft({ kind: 'pft', kernelObjects: ['slab'] }, 'x.json')).toThrow(/workload\.kernelObjects/);
  });
});
