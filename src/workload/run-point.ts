/**
 * The one run loop: simulate `spec.iterations` runs of one point. Every workload kind
 * (program, pft, spf, plugins) supplies its parts — place the objects, build the
 * threads' programs, optionally initialise memory and attach observers, compute its
 * metrics — and this loop does the rest in a fixed order, so seeds, topology and the
 * machine are built the same way for all of them:
 *
 *   per iteration: seed → place → programs (CPUs from the point's topology) → machine →
 *   init → attach → runThreads → metrics → collect (counters, lines, per CPU, per role)
 */
import { Machine } from '../model/machine.ts';
import type { PointSpec } from '../model/point-spec.ts';
import type { MetricSpec, PointResult, RunResult } from '../model/result-types.ts';
import { buildTopology, type Topology } from '../model/topology/topology.ts';
import { deriveSeed } from '../util/rng.ts';
import type { Arena } from './arena.ts';
import { collectRun, siblings } from './collect.ts';
import { roleStats } from './role-stats.ts';
import { runThreads, type ThreadResult, type ThreadSpec } from './run-threads.ts';
import { SiteTable } from './sites.ts';

/** A thread to run; `role` names the group it is reported under in per-role.csv. */
export interface PointThread extends ThreadSpec { role?: string }

/** One iteration as the kind's `metrics` sees it. */
export interface IterationRun<W, A> {
  it: number;
  seed: number;
  world: W;
  sites: SiteTable;
  m: Machine;
  threads: PointThread[];
  res: ThreadResult[];
  /** what `attach` returned (observers' state), else undefined */
  tap: A;
}

export interface PointParts<W, A = undefined> {
  metricSpecs: MetricSpec[];
  /** operations (Done steps) per thread before measurement starts */
  warmupOps: number;
  /** safety stop for runThreads (e.g. a fixed-duration run), cycles */
  maxCycles?: number;
  /** keep each thread's clock at every Done (ThreadResult.doneAt), e.g. for steadyThroughput */
  recordDone?: boolean;
  /** place the shared objects of one iteration; the arena sizes the machine */
  place(it: number): { arena: Arena; world: W };
  /** one program per thread, pinned to CPUs of `topo` (the point's machine) */
  programs(world: W, topo: Topology, sites: SiteTable): PointThread[];
  /** initial memory values (before any observer sees a store) */
  init?(m: Machine, world: W): void;
  /** observers (invariants, counters of sites); the returned state reaches `metrics` as `tap` */
  attach?(m: Machine, world: W, sites: SiteTable, it: number): A;
  /** the kind's metrics of one run (may also check what its observers saw and throw) */
  metrics(run: IterationRun<W, A>): Record<string, number>;
}

export function runPoint<W, A = undefined>(spec: PointSpec, parts: PointParts<W, A>): PointResult {
  const topo = buildTopology(spec.machine);
  const runs: RunResult[] = [];
  let sites = new SiteTable();
  for (let it = 0; it < spec.iterations; it++) {
    const seed = deriveSeed(spec.seed, it);
    sites = new SiteTable();
    const { arena, world } = parts.place(it);
    const threads = parts.programs(world, topo, sites);
    const m = new Machine(spec.machine, { sharedLines: arena.sharedLines(), nSites: Math.max(1, sites.sites.length), check: spec.check });
    parts.init?.(m, world);
    const tap = parts.attach?.(m, world, sites, it) as A;
    const byRole = threads.some((t) => t.role !== undefined);
    const res = runThreads(m, threads, {
      seed, warmupOps: parts.warmupOps, smtWorkFactor: spec.machine.smtWorkFactor, siblingsOf: siblings(m),
      maxCycles: parts.maxCycles, recordDone: byRole || parts.recordDone === true,
    });
    const run = collectRun(m, res, seed, parts.metrics({ it, seed, world, sites, m, threads, res, tap }));
    if (byRole) run.perRole = roleStats(threads, res, parts.warmupOps, spec.machine.freqGHz);
    runs.push(run);
  }
  return { key: '', coords: spec.coords, metrics: parts.metricSpecs, sites: sites.sites, runs };
}
