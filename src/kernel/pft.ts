/**
 * The `pft` workload kind: mmtests pft-threads (vma-layouts §4). One anonymous VMA
 * shared by all threads; each thread write-faults its own slice one 4-KiB page at a
 * time. With `clients: processes` (pft -n) each client is a process with its own mm and
 * VMA, and only the per-node / per-memcg kernel objects are shared. Per fault:
 * lock_vma_under_rcu (or mmap_read_lock in v6.3 / on fallback), the anonymous fault
 * body's field reads around the calibrated private work, vma_end_read.
 * Rates are steady-state (workload/collect.ts steadyThroughput): counted in the window in
 * which every thread is faulting, as in pft's long runs. faults_per_sec = faults in the
 * window / window; faults_per_cpu = that / threads (every thread is busy in the window).
 */
import type { MetricSpec, PointResult } from '../model/result-types.ts';
import { placeThreads, type Placement } from '../model/topology/placement.ts';
import { InputError } from '../util/errors.ts';
import { parseInput } from '../util/zod-input.ts';
import { ProgramBuilder } from '../workload/builder.ts';
import { steadyThroughput, wallEfficiency } from '../workload/collect.ts';
import { Cond } from '../workload/ir.ts';
import type { WorkloadKind } from '../workload/kind.ts';
import { registerWorkload } from '../workload/registry.ts';
import type { PointSpec } from '../model/point-spec.ts';
import { runPoint } from '../workload/run-point.ts';
import { SiteTable } from '../workload/sites.ts';
import {
  emitFaultBody, emitLockVmaUnderRcu, emitMmapReadLock, emitMmapReadUnlock, emitVmaEndRead, type FaultObjects, type FaultParams,
} from './paths.ts';
import { PftSchema, type PftBlock } from './pft-schema.ts';
import { placeVmaWorld, initVmaMemory } from './world.ts';
import { emitSharedInit, emitUnmapInit, emitUnmapShared } from './shared/fault.ts';
import { placeSharedForPoint, sharedThread } from './shared/setup.ts';
import { detectScheme } from './vma-scheme.ts';
import { preflightVma } from './preflight.ts';

export const PFT_METRICS: MetricSpec[] = [
  { name: 'faults_per_cpu', unit: 'faults/cpu-s', aggregate: 'hmean', higherIsBetter: true },
  { name: 'faults_per_sec', unit: 'faults/s', aggregate: 'hmean', higherIsBetter: true },
];

/**
 * With processes (where the shared locks, not the VMA lock, are the story): the share of
 * the clients' cycles spent spinning on the kernel's queued spinlocks, warmup included,
 * as perf's native_queued_spin_lock_slowpath share of cycles.
 */
export const PFT_SPIN_METRIC: MetricSpec = { name: 'spin_pct', unit: '% of cycles', aggregate: 'mean', higherIsBetter: false };

/**
 * How evenly the threads progress, by pft's own definitions over the whole measured run
 * (every thread the same number of faults): faults/sec ÷ (threads × faults/cpu) =
 * mean busy time ÷ wall time, from the earliest measured start to the latest end. pft
 * prints both rates, so the published tables give it too (b2 on the E5-2690 v4: 0.90–0.98).
 * 1 when every thread runs all the time; a short run's start and stop skew alone give
 * about 0.96–0.97 at 12–21 threads with 150 faults per thread.
 */
export const PFT_WALL_METRIC: MetricSpec = { name: 'wall_efficiency', unit: 'ratio', aggregate: 'mean', higherIsBetter: true };

/** The metrics of a pft block: the steady-state rates, the run's evenness, spin_pct with processes. */
export function pftMetrics(w: PftBlock): MetricSpec[] {
  return w.clients === 'processes' ? [...PFT_METRICS, PFT_WALL_METRIC, PFT_SPIN_METRIC] : [...PFT_METRICS, PFT_WALL_METRIC];
}

export function parsePft(block: unknown, source = 'workload', prefix = 'workload'): PftBlock {
  return parseInput(PftSchema, block, source, prefix);
}

/** The experiment axis `placement` (checked by preflight) overrides the workload block's. */
export function pftPlacement(spec: PointSpec, w: PftBlock): Placement {
  const axis = spec.params.placement;
  return axis === undefined ? w.placement : (String(axis) as Placement);
}

export function pftWorkCycles(spec: PointSpec, w: PftBlock): number {
  const c = w.privateWorkCycles ?? spec.machine.calibration['pft.privateWorkCycles'];
  if (c === undefined) throw new Error(`profile ${spec.machine.name} has no calibration pft.privateWorkCycles (run \`linesim calibrate pft\`)`);
  return c;
}

/**
 * Cycles of the private work between one fault's lock release and the next fault's lock
 * (return to user, next exception entry): the axis `exceptionCycles` overrides the
 * workload's. They come out of the private work under the lock, so the total per fault
 * stays the calibrated one.
 */
export function pftExceptionCycles(spec: PointSpec, w: PftBlock, work: number, source = 'workload'): number {
  const axis = spec.params.exceptionCycles;
  const e = axis === undefined ? w.exceptionCycles : Number(axis);
  if (e > work) throw new InputError(source, axis === undefined ? 'workload.exceptionCycles' : 'axes.exceptionCycles', `${e} cycles exceed the private work per fault (${work} cycles)`);
  return e;
}

/** Build one thread's pft program: warmup + measured faults, fast path with fallback. */
function pftProgram(sites: SiteTable, o: FaultObjects, scheme: ReturnType<typeof detectScheme>, p: FaultParams, faults: number, exception: number, unmapEvery?: number) {
  const b = new ProgramBuilder(sites).inPath('pft');
  if (p.shared) emitSharedInit(b, p.shared);
  const unmap = unmapEvery !== undefined && p.shared ? { n: unmapEvery, t: p.shared } : undefined;
  if (unmap) { emitUnmapInit(b, unmap.t); b.set('unmap_n', unmap.t.phase.unmap); }
  b.set('i', 0).label('fault');
  // Return to user space and the next page-fault entry: nothing shared is touched.
  if (exception > 0) b.inPath('exception_entry_exit').work(exception, p.jitter);
  if (scheme.scheme === 'mmap_lock') {
    emitMmapReadLock(b, o, p.tid);
    emitFaultBody(b, o, scheme, p);
    emitMmapReadUnlock(b, o);
  } else {
    emitLockVmaUnderRcu(b, o, scheme, p.tid, 'lock_mmap');
    emitFaultBody(b, o, scheme, p);
    emitVmaEndRead(b, o, scheme);
    b.jmp('next');
    b.label('lock_mmap'); // do_user_addr_fault fallback: retry under mmap_lock
    emitMmapReadLock(b, o, p.tid);
    emitFaultBody(b, o, scheme, p);
    emitMmapReadUnlock(b, o);
  }
  b.label('next').inPath('pft').done();
  if (unmap) {
    // munmap the pages faulted since the last one (its time falls between two faults)
    const keep = b.fresh('mapped');
    b.add('unmap_n', 1).br('unmap_n', Cond.Lt, unmap.n, keep).set('unmap_n', 0);
    emitUnmapShared(b, unmap.t, unmap.n);
    b.label(keep).inPath('pft');
  }
  b.add('i', 1).br('i', Cond.Lt, faults, 'fault');
  return b.halt().build();
}

export function simulatePft(spec: PointSpec): PointResult {
  const w = parsePft(spec.workload);
  const vmaLayout = spec.layouts.main;
  if (!vmaLayout) throw new Error('pft needs a vm_area_struct layout (experiment "layouts")');
  const scheme = detectScheme(vmaLayout, w.lockScheme);
  const total = pftWorkCycles(spec, w);
  const exception = pftExceptionCycles(spec, w, total);
  const work = total - exception;
  const hz = spec.machine.freqGHz * 1e9;
  const processes = w.clients === 'processes' ? spec.threads : 1;
  return runPoint(spec, {
    metricSpecs: pftMetrics(w),
    warmupOps: w.warmupFaults,
    recordDone: true,
    place: (it) => {
      const world = placeVmaWorld(spec, w, scheme, processes);
      return { arena: world.arena, world: { ...world, it, shared: placeSharedForPoint(spec, world.arena, w.kernelObjects, processes) } };
    },
    programs: (world, topo, sites) => placeThreads(topo, spec.threads, pftPlacement(spec, w), spec.machine.smt).map((cpu, tid, _, proc = processes > 1 ? tid : 0) => ({
      cpu,
      program: pftProgram(sites, world.procs[proc]!, scheme, {
        tid, workCycles: work, jitter: w.jitter, streamLines: w.streamLines, randomLines: w.randomLines,
        poolLines: Math.max(1, Math.round((w.poolKiB * 1024) / spec.machine.lineBytes)),
        ...(world.shared ? { shared: sharedThread(world.shared, topo, cpu, tid, spec.seed, world.it, proc, w.unmapEvery) } : {}),
      }, w.faultsPerThread + w.warmupFaults, exception, w.unmapEvery),
    })),
    init: (m, world) => initVmaMemory(m, world, scheme),
    metrics: ({ res }) => {
      const tp = steadyThroughput(res, w.warmupFaults);
      const rates = {
        faults_per_cpu: tp.cpuCycles > 0 ? (tp.ops / tp.cpuCycles) * hz : 0,
        faults_per_sec: tp.wallCycles > 0 ? (tp.ops / tp.wallCycles) * hz : 0,
        wall_efficiency: wallEfficiency(res),
      };
      if (w.clients !== 'processes') return rates;
      const cycles = res.reduce((a, r) => a + r.tEnd, 0);
      return { ...rates, spin_pct: cycles > 0 ? (100 * res.reduce((a, r) => a + r.spinCycles, 0)) / cycles : 0 };
    },
  });
}

export const pftKind: WorkloadKind = {
  name: 'pft',
  summary: 'mmtests pft: threads write-fault disjoint slices of one anonymous VMA (or, clients: processes, each process its own VMA)',
  validate(block, source, prefix) { parsePft(block, source, prefix); },
  preflight: (spec, source) => preflightVma('pft', spec, source, simulatePft),
  metrics: (block) => pftMetrics(parsePft(block)),
  scenarios: () => [],
  extraLayouts: () => ['vma_lock', 'mm_struct'],
  simulate: simulatePft,
};

registerWorkload(pftKind);
