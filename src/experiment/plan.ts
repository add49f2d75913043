/**
 * From a loaded experiment to the list of fully resolved points (PointSpec + resume key)
 * and the effective configuration written next to the results.
 */
import { InputError } from '../util/errors.ts';
import type { MachineConfig } from '../model/machine-config.ts';
import type { PointSpec, ResolvedLayout } from '../model/point-spec.ts';
import type { PointCoords } from '../model/result-types.ts';
import type { LoadedExperiment } from './load.ts';
import type { Resolver } from './resolve.ts';
import { buildSweep, type Axis } from './sweep.ts';
import { codeVersionSalt, pointKey } from './point-key.ts';
import { describeCoords } from './progress.ts';

export interface PlannedPoint {
  index: number;
  coords: PointCoords;
  key: string;
  spec: PointSpec;
}

export interface Plan {
  points: PlannedPoint[];
  /** the content of effective-config.json */
  effectiveConfig: Record<string, unknown>;
}

/**
 * Sweep size limits. Above SOFT_MAX_RUNS (points × iterations) a run needs --force (the
 * CLI prints the count first); above HARD_MAX_POINTS the sweep is refused outright (it
 * would not fit in memory as coordinates, let alone as results).
 */
export const SOFT_MAX_RUNS = 20_000;
export const HARD_MAX_POINTS = 1_000_000;

export interface PlanOptions {
  /** run sweeps above SOFT_MAX_RUNS (--force) */
  force?: boolean;
}

export function planExperiment(loaded: LoadedExperiment, resolver: Resolver, opts: PlanOptions = {}): Plan {
  const exp = loaded.experiment;
  // Nesting order: threads innermost, so one curve (threads sweep) is contiguous.
  const axes: Axis[] = [
    { name: 'layout', values: exp.layouts.length ? exp.layouts : [''] },
    { name: 'profile', values: exp.profiles },
    { name: 'prefetch', values: exp.prefetch },
    ...(exp.scenarios.length ? [{ name: 'scenario', values: exp.scenarios }] : []),
    ...Object.entries(exp.axes).map(([name, values]) => ({ name, values })),
    { name: 'threads', values: exp.threads },
  ];
  const upper = axes.reduce((n, a) => n * a.values.length, 1);
  if (upper > HARD_MAX_POINTS) throw new InputError(loaded.source, 'axes', `the sweep has ${upper} points before excludes, above the limit of ${HARD_MAX_POINTS}`);
  const sweep = buildSweep(axes, exp.columns, exp.exclude);
  const runs = sweep.length * exp.iterations;
  if (runs > SOFT_MAX_RUNS && !opts.force) {
    const threadRuns = sweep.reduce((n, p) => n + Number(p.coords.threads), 0) * exp.iterations;
    throw new InputError(loaded.source, '', `${sweep.length} points × ${exp.iterations} iterations = ${runs} simulations (${threadRuns} simulated thread-runs), ` +
      `above the limit of ${SOFT_MAX_RUNS} without --force: narrow the sweep, lower iterations, or pass --force`);
  }
  if (sweep.length === 0) throw new InputError(loaded.source, 'exclude', 'the excludes remove every point of the sweep');

  // One machine per (profile, prefetch setting): resolved once, shared by its points.
  const machines: Record<string, Record<string, MachineConfig>> = {};
  for (const p of loaded.profiles) {
    machines[p.label] = {};
    for (const s of exp.prefetch) machines[p.label]![s] = resolver.applyPrefetch(p.resolved.machine, s);
  }
  // More threads than hardware threads is an error, not a silent skip, so a sweep never
  // quietly loses points; mixed profiles exclude the impossible points explicitly.
  for (const { coords } of sweep) {
    const m = loaded.profiles.find((p) => p.label === coords.profile)!.resolved.machine;
    const hw = m.sockets * m.coresPerSocket * m.smt;
    const t = Number(coords.threads);
    if (t > hw) {
      const at = loaded.threadsAt(exp.threads.indexOf(t));
      throw new InputError(at.source, at.where,
        `${t} threads exceeds the ${hw} hardware threads of profile '${coords.profile}' (add an exclude such as {"profile": "${coords.profile}", "threads": ${t}})`);
    }
  }
  const layoutByLabel = new Map(loaded.layouts.map((l) => [l.label, l.layout]));
  const salt = codeVersionSalt();

  const points = sweep.map(({ index, coords }): PlannedPoint => {
    const layouts: Record<string, ResolvedLayout> = { ...loaded.extraLayouts };
    const main = layoutByLabel.get(String(coords.layout));
    if (main) layouts.main = main;
    const params: Record<string, string | number> = {};
    for (const c of exp.columns.slice(4)) params[c] = coords[c]!;
    const spec: PointSpec = {
      experiment: exp.name,
      coords,
      workload: exp.workload,
      machine: machines[String(coords.profile)]![String(coords.prefetch)]!,
      layouts,
      params,
      threads: Number(coords.threads),
      iterations: exp.iterations,
      seed: exp.seed,
      check: exp.check,
    };
    return { index, coords, key: pointKey(spec, salt), spec };
  });

  // Every point is checked by its kind before the output directory is touched.
  const preflight = loaded.kind.preflight;
  if (preflight) {
    for (const p of points) {
      try {
        preflight(p.spec, loaded.source);
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(loaded.source, 'workload', `${(e as Error).message} (at point ${p.index}: ${describeCoords(p.coords)})`);
      }
    }
  }

  const effectiveConfig = {
    codeVersion: salt,
    source: loaded.source,
    experiment: exp,
    profiles: loaded.profiles.map((p) => ({
      label: p.label,
      name: p.resolved.name,
      effective: p.resolved.effective,
      machines: machines[p.label],
    })),
    layouts: Object.fromEntries(loaded.layouts.map((l) => [l.label, { ref: l.ref, layout: l.layout }])),
    extraLayouts: loaded.extraLayouts,
    points: points.map((p) => ({ index: p.index, key: p.key, coords: p.coords })),
  };
  return { points, effectiveConfig };
}
