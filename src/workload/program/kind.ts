/**
 * The `program` workload kind: user-described objects and per-thread access programs,
 * one or more named scenarios (microbenchmarks, your own struct's code paths).
 * Metrics: ops_per_s (operations per wall second, all threads), ns_per_op (wall ns
 * between completed operations machine-wide — the one-way latency of a ping-pong),
 * ops_per_cpu_s (operations per CPU-second of the threads). Per role (RunResult.perRole,
 * per-role.csv): ops/s, ns/op and the per-operation latency distribution.
 * The run itself is the shared loop (run-point.ts); this kind supplies objects and threads.
 */
import type { MetricSpec, PointResult } from '../../model/result-types.ts';
import { placeThreads } from '../../model/topology/placement.ts';
import { buildTopology } from '../../model/topology/topology.ts';
import { InputError } from '../../util/errors.ts';
import { parseInput } from '../../util/zod-input.ts';
import { Arena, type PlacedObject } from '../arena.ts';
import { throughput } from '../collect.ts';
import type { WorkloadKind } from '../kind.ts';
import type { PointSpec, ResolvedLayout } from '../../model/point-spec.ts';
import { runPoint } from '../run-point.ts';
import { registerWorkload } from '../registry.ts';
import { SiteTable } from '../sites.ts';
import { StepError } from './compile.ts';
import { compileScenario } from './scenario.ts';
import { ProgramWorkloadSchema, type ProgramWorkload } from './schema.ts';
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

/** A StepError (JSON path under the workload block) as the one-line InputError. */
function inputError(e: unknown, source: string, prefix: string, withLayout = ''): unknown {
  return e instanceof StepError ? new InputError(source, `${prefix}.${e.path}`, `${withLayout}${e.message}`) : e;
}

/**
 * Dry-compile every scenario with a generous thread count so references, fields and
 * procedures are checked before anything runs, with the step's JSON path in the error.
 */
function dryCompile(w: ProgramWorkload, layouts: Record<string, ResolvedLayout>, source: string, prefix: string, withLayout = ''): void {
  const { objects } = placeObjects(w, layouts);
  w.scenarios.forEach((sc, i) => {
    const threads = Math.max(1, sc.roles.reduce((s, r) => s + (r.count === 'rest' ? 1 : r.count), 0));
    try {
      compileScenario(w, sc, i, objects, threads, { sockets: 64, coresPerSocket: 1024, smt: 4 }, (n) => Array.from({ length: n + 64 }, (_, k) => 100000 + k), new SiteTable());
    } catch (e) {
      throw inputError(e, source, prefix, withLayout);
    }
  });
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
      compileScenario(w, sc, i, objects, spec.threads, spec.machine, (n) => placeThreads(topo, n, sc.placement ?? 'linux-order', spec.machine.smt), new SiteTable());
    } catch (e) {
      if (e instanceof InputError) throw e;
      if (e instanceof StepError) throw new InputError(source, `workload.${e.path}`, e.message);
      throw new InputError(source, `workload.scenarios[${i}]`, (e as Error).message);
    }
  },
  metrics: () => METRICS,
  scenarios: (block) => (block as ProgramWorkload).scenarios.map((s) => s.name),
  extraLayouts: (block) => namedObjectLayouts(block as ProgramWorkload),
  simulate(spec: PointSpec): PointResult {
    const w = ProgramWorkloadSchema.parse(spec.workload);
    const scName = String(spec.coords.scenario ?? spec.params.scenario ?? w.scenarios[0]!.name);
    const at = w.scenarios.findIndex((s) => s.name === scName);
    if (at < 0) throw new Error(`no scenario '${scName}'`);
    const sc = w.scenarios[at]!;
    const f = spec.machine.freqGHz;
    try {
      return runPoint(spec, {
        metricSpecs: METRICS,
        warmupOps: sc.warmup ?? 0,
        place: () => { const { arena, objects } = placeObjects(w, spec.layouts); return { arena, world: objects }; },
        programs: (objects, topo, sites) => compileScenario(w, sc, at, objects, spec.threads, spec.machine,
          (n) => placeThreads(topo, n, sc.placement ?? 'linux-order', spec.machine.smt), sites),
        metrics: ({ res }) => {
          const tp = throughput(res);
          return {
            ops_per_s: tp.wallCycles > 0 ? (tp.ops / tp.wallCycles) * f * 1e9 : 0,
            ns_per_op: tp.ops > 0 ? tp.wallCycles / f / tp.ops : 0,
            ops_per_cpu_s: tp.cpuCycles > 0 ? (tp.ops / tp.cpuCycles) * f * 1e9 : 0,
          };
        },
      });
    } catch (e) {
      // Found only now (a thread count or $tid the dry compile did not see): still one line.
      throw inputError(e, 'workload', 'workload');
    }
  },
};

registerWorkload(programKind);
