/**
 * The `program` workload kind: user-described objects and per-thread access programs,
 * one or more named scenarios (microbenchmarks, your own struct's code paths).
 * Metrics: ops_per_s (operations per wall second, all threads), ns_per_op (wall ns
 * between completed operations machine-wide — the one-way latency of a ping-pong),
 * ops_per_cpu_s (operations per CPU-second of the threads).
 */
import type { MetricSpec, PointResult, RunResult } from '../../experiment/result-types.ts';
import { Machine } from '../../model/machine.ts';
import { placeThreads } from '../../model/topology/placement.ts';
import { buildTopology } from '../../model/topology/topology.ts';
import { InputError } from '../../util/errors.ts';
import { parseInput } from '../../util/zod-input.ts';
import { deriveSeed } from '../../util/rng.ts';
import { Arena, type PlacedObject } from '../arena.ts';
import { collectRun, cpuOf, siblings, throughput } from '../collect.ts';
import type { WorkloadKind } from '../kind.ts';
import type { PointSpec, ResolvedLayout } from '../point-spec.ts';
import { runThreads, type ThreadSpec } from '../run-threads.ts';
import { SiteTable } from '../sites.ts';
import { compileProgram } from './compile.ts';
import { ProgramWorkloadSchema, type ProgramWorkload, type Scenario } from './schema.ts';
import { checkScenarioAtPoint, staticChecks } from './preflight.ts';
import { axisObjects, AXIS_LAYOUT, hasLayoutObjects, namedObjectLayouts, objectLayout } from './layouts.ts';

const METRICS: MetricSpec[] = [
  { name: 'ops_per_s', unit: 'ops/s', aggregate: 'hmean', higherIsBetter: true },
  { name: 'ns_per_op', unit: 'ns', aggregate: 'mean', higherIsBetter: false },
  { name: 'ops_per_cpu_s', unit: 'ops/cpu-s', aggregate: 'hmean', higherIsBetter: true },
];

function parse(block: unknown, source: string, prefix: string): ProgramWorkload {
  return parseInput(ProgramWorkloadSchema, block, source, prefix);
}

/** Place the workload's objects; layout-backed objects take fields from `layouts`. */
function placeObjects(w: ProgramWorkload, layouts: Record<string, ResolvedLayout>): { arena: Arena; objects: Map<string, PlacedObject[]> } {
  const arena = new Arena(64);
  const objects = new Map<string, PlacedObject[]>();
  for (const [name, o] of Object.entries(w.objects)) {
    const layout = objectLayout(name, o, layouts);
    objects.set(name, arena.slab(name, { layout, count: o.count ?? 1, align: o.align ?? layout.objectAlign, startOffset: o.startOffset }));
  }
  return { arena, objects };
}

/**
 * Dry-compile every scenario with a generous thread count so references, fields and
 * procedures are checked before anything runs, with the scenario's JSON path in the error.
 */
function dryCompile(w: ProgramWorkload, layouts: Record<string, ResolvedLayout>, source: string, prefix: string, withLayout = ''): void {
  const { objects } = placeObjects(w, layouts);
  w.scenarios.forEach((sc, i) => {
    try {
      compileScenario(w, sc, objects, Math.max(1, sc.roles.reduce((s, r) => s + (r.count === 'rest' ? 1 : r.count), 0)), { sockets: 64, coresPerSocket: 1024, smt: 4 }, (n) => Array.from({ length: n + 64 }, (_, k) => 100000 + k));
    } catch (e) {
      throw new InputError(source, `${prefix}.scenarios[${i}]`, `${withLayout}${(e as Error).message}`);
    }
  });
}

function compileScenario(w: ProgramWorkload, sc: Scenario, objects: Map<string, PlacedObject[]>, threads: number, m: { sockets: number; coresPerSocket: number; smt: number }, topoCpus: (n: number) => number[]) {
  const sites = new SiteTable();
  const fixed = sc.roles.reduce((s, r) => s + (r.count === 'rest' ? 0 : r.count), 0);
  if (fixed > threads) throw new Error(`scenario '${sc.name}' needs at least ${fixed} threads, the point has ${threads}`);
  const auto = topoCpus(threads);
  const used = new Set<number>();
  const specs: Array<{ cpu: number; steps: Scenario['roles'][number]['program']; role: number }> = [];
  for (const r of sc.roles) {
    const n = r.count === 'rest' ? threads - fixed : r.count;
    for (let i = 0; i < n; i++) {
      const cpu = r.cpus?.[i] !== undefined ? cpuOf(r.cpus[i]!, m.sockets, m.coresPerSocket, m.smt) : auto.find((c) => !used.has(c) && !sc.roles.some((x) => x.cpus?.some((s) => cpuOf(s, m.sockets, m.coresPerSocket, m.smt) === c)))!;
      if (cpu === undefined) throw new Error(`scenario '${sc.name}': not enough CPUs`);
      used.add(cpu);
      specs.push({ cpu, steps: r.program, role: i });
    }
  }
  const programs: ThreadSpec[] = specs.map((s, tid) => ({
    cpu: s.cpu,
    program: compileProgram(s.steps, { objects, procedures: w.procedures ?? {}, tid, role: s.role }, sites),
  }));
  return { programs, sites };
}

const preflighted = new WeakMap<object, Set<string>>();
const parsed = new WeakMap<object, ProgramWorkload>();
function parsedOnce(block: object): ProgramWorkload {
  let w = parsed.get(block);
  if (!w) parsed.set(block, (w = ProgramWorkloadSchema.parse(block)));
  return w;
}
/** True the first time `key` is seen for this workload block (the same object for every point of a run). */
function seenPreflight(block: object, key: string): boolean {
  const seen = preflighted.get(block) ?? new Set<string>();
  preflighted.set(block, seen);
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

export const programKind: WorkloadKind = {
  name: 'program',
  summary: 'your objects and per-thread access programs (microbenchmarks, your own struct)',
  validate(block, source, prefix) {
    const w = parse(block, source, prefix);
    staticChecks(w, source, prefix);
    // Layout-backed objects are checked in validateLayouts, once their layouts are resolved.
    if (!hasLayoutObjects(w)) dryCompile(w, {}, source, prefix);
  },
  validateLayouts(block, source, prefix, ctx) {
    const w = parse(block, source, prefix);
    if (!hasLayoutObjects(w)) {
      if (ctx.axis.length > 1) throw new InputError(source, 'layouts', `no object of the program takes the layouts axis; give one "layout": "${AXIS_LAYOUT}" (workload.objects.<name>.layout)`);
      return;
    }
    const takers = axisObjects(w);
    if (takers.length > 0 && ctx.axis.length === 0) {
      throw new InputError(source, `${prefix}.objects.${takers[0]}.layout`, `"${AXIS_LAYOUT}" takes the experiment's layouts axis, but the experiment has no "layouts"`);
    }
    if (takers.length === 0 && ctx.axis.length > 1) {
      throw new InputError(source, 'layouts', `no object of the program takes the layouts axis; give one "layout": "${AXIS_LAYOUT}" (workload.objects.<name>.layout)`);
    }
    if (takers.length === 0) return dryCompile(w, ctx.extra, source, prefix);
    // Every layout of the axis must have the fields the program references.
    for (const a of ctx.axis) dryCompile(w, { ...ctx.extra, main: a.layout }, source, prefix, `with layout '${a.label}' (${a.where}): `);
  },
  preflight(spec, source) {
    const block = spec.workload as object;
    const w = parsedOnce(block);
    checkScenarioAtPoint(w, spec, source);
    const i = w.scenarios.findIndex((s) => s.name === String(spec.coords.scenario ?? w.scenarios[0]!.name));
    const sc = w.scenarios[i]!;
    // Compiling depends on the scenario, the thread count and the topology only: once each.
    const m = spec.machine;
    if (!seenPreflight(block, `${i}|${spec.threads}|${m.sockets}x${m.coresPerSocket}x${m.smt}|${m.coresPerLlc}`)) return;
    try {
      const { objects } = placeObjects(w, spec.layouts);
      const topo = buildTopology(spec.machine);
      compileScenario(w, sc, objects, spec.threads, spec.machine, (n) => placeThreads(topo, n, sc.placement ?? 'kernel', spec.machine.smt));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(source, `workload.scenarios[${i}]`, (e as Error).message);
    }
  },
  metrics: () => METRICS,
  scenarios: (block) => (block as ProgramWorkload).scenarios.map((s) => s.name),
  extraLayouts: (block) => namedObjectLayouts(block as ProgramWorkload),
  simulate(spec: PointSpec): PointResult {
    const w = ProgramWorkloadSchema.parse(spec.workload);
    const scName = String(spec.coords.scenario ?? spec.params.scenario ?? w.scenarios[0]!.name);
    const sc = w.scenarios.find((s) => s.name === scName);
    if (!sc) throw new Error(`no scenario '${scName}'`);
    const runs: RunResult[] = [];
    let siteInfo: PointResult['sites'] = [];
    for (let it = 0; it < spec.iterations; it++) {
      const seed = deriveSeed(spec.seed, it);
      const { arena, objects } = placeObjects(w, spec.layouts);
      const probe = new Machine(spec.machine, { sharedLines: 1, nSites: 1 });
      const cpusFor = (n: number) => placeThreads(probe.topo, n, sc.placement ?? 'kernel', spec.machine.smt);
      const { programs, sites } = compileScenario(w, sc, objects, spec.threads, spec.machine, cpusFor);
      const m = new Machine(spec.machine, { sharedLines: arena.sharedLines(), nSites: Math.max(1, sites.sites.length), check: spec.check });
      const res = runThreads(m, programs, { seed, warmupOps: sc.warmup ?? 0, smtWorkFactor: spec.machine.smtWorkFactor, siblingsOf: siblings(m) });
      const tp = throughput(res);
      const f = spec.machine.freqGHz;
      runs.push(collectRun(m, res, seed, {
        ops_per_s: tp.wallCycles > 0 ? (tp.ops / tp.wallCycles) * f * 1e9 : 0,
        ns_per_op: tp.ops > 0 ? tp.wallCycles / f / tp.ops : 0,
        ops_per_cpu_s: tp.cpuCycles > 0 ? (tp.ops / tp.cpuCycles) * f * 1e9 : 0,
      }));
      siteInfo = sites.sites;
    }
    return { key: '', coords: spec.coords, metrics: METRICS, sites: siteInfo, runs };
  },
};

