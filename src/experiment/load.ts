/**
 * Load an experiment file: parse (strict zod), apply CLI overrides, and resolve every
 * name (workload kind, profiles, layouts, prefetch settings) against its registry.
 * Every problem is one InputError naming the file (or CLI flag) and the JSON path;
 * nothing is written until this has succeeded.
 */
import { FORBIDDEN_KEYS, readJsonFile } from '../util/json-file.ts';
import { InputError } from '../util/errors.ts';
import '../kinds/index.ts'; // registers the built-in kinds this file looks up
import { getWorkload, workloadNames } from '../workload/registry.ts';
import type { WorkloadKind } from '../workload/kind.ts';
import type { ResolvedLayout } from '../model/point-spec.ts';
import type { MetricSpec } from '../model/result-types.ts';
import { BUILTIN_AXES, ExperimentSchema, type ExperimentFile, type Published } from './schema.ts';
import { parseStrict } from './zod-error.ts';
import { nestOverrides, profileLabel } from './profile-label.ts';
import type { At, ResolvedProfile, Resolver } from './resolve.ts';
import type { AxisValue } from './sweep.ts';

/** Quick-run overrides from the command line; each replaces the file's field. */
export interface CliOverrides {
  iterations?: number;
  threads?: number[];
  profiles?: string[];
  check?: boolean;
}

/** The experiment with defaults filled and names resolved to labels (results.json `experiment`). */
export interface EffectiveExperiment {
  name: string;
  description: string;
  workload: { kind: string; [k: string]: unknown };
  /** layout labels ([] when the workload has no layout axis) */
  layouts: string[];
  baseline: string | null;
  /** profile labels, as they appear in point coords */
  profiles: string[];
  profileRefs: Array<{ label: string; name: string; overrides: Record<string, unknown> | null }>;
  prefetch: string[];
  threads: number[];
  iterations: number;
  seed: number;
  scenarios: string[];
  axes: Record<string, AxisValue[]>;
  exclude: Array<Record<string, AxisValue>>;
  published: Published[];
  check: boolean;
  metrics: MetricSpec[];
  /** coordinate columns in CSV / coords order */
  columns: string[];
}

export interface LoadedExperiment {
  source: string;
  kind: WorkloadKind;
  experiment: EffectiveExperiment;
  layouts: Array<{ label: string; ref: string; layout: ResolvedLayout }>;
  /** layouts the workload needs besides the main one, by role name */
  extraLayouts: Record<string, ResolvedLayout>;
  profiles: Array<{ label: string; resolved: ResolvedProfile }>;
  /** where the i-th thread count was written (file path or --threads), for errors */
  threadsAt: (i: number) => At;
}

export { readJsonFile };

function checkUnique(values: readonly AxisValue[], at: (i: number) => At): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(String(v))) {
      const a = at(i);
      throw new InputError(a.source, a.where, `duplicate value '${v}'`);
    }
    seen.add(String(v));
  });
}

type ProfileObj = { name: string; overrides?: Record<string, unknown>; label?: string };

const isPath = (ref: string) => ref.includes('/') || ref.endsWith('.json');

export async function loadExperiment(path: string, resolver: Resolver, cli: CliOverrides = {}): Promise<LoadedExperiment> {
  const file: ExperimentFile = parseStrict(ExperimentSchema, readJsonFile(path), path);
  const inFile = (where: string): At => ({ source: path, where });
  const fail = (at: At, reason: string): never => {
    throw new InputError(at.source, at.where, reason);
  };

  // Workload kind first: its scenarios and metrics shape the sweep.
  const kind = getWorkload(file.workload.kind);
  if (!kind) fail(inFile('workload.kind'), `unknown workload kind '${file.workload.kind}' (known: ${workloadNames().join(', ') || 'none registered'})`);
  kind!.validate(file.workload, path, 'workload');

  // Layouts: label = the name as written, or the layout's own name when given as a path.
  const layouts: LoadedExperiment['layouts'] = [];
  for (const [i, ref] of (file.layouts ?? []).entries()) {
    const layout = await resolver.layout(ref, inFile(`layouts[${i}]`));
    layouts.push({ label: isPath(ref) ? layout.name : ref, ref, layout });
  }
  checkUnique(layouts.map((l) => l.label), (i) => inFile(`layouts[${i}]`));
  let baseline: string | null = layouts[0]?.label ?? null;
  if (file.baseline !== undefined) {
    const hit = layouts.find((l) => l.label === file.baseline || l.ref === file.baseline);
    if (!hit) fail(inFile('baseline'), `baseline '${file.baseline}' is not one of layouts (${layouts.map((l) => l.label).join(', ') || 'none given'})`);
    baseline = hit!.label;
  }
  const extraLayouts: Record<string, ResolvedLayout> = {};
  for (const role of kind!.extraLayouts(file.workload)) {
    extraLayouts[role] = await resolver.layout(role, inFile('workload'));
  }
  kind!.validateLayouts?.(file.workload, path, 'workload', {
    extra: extraLayouts, axis: layouts.map((l, i) => ({ label: l.label, layout: l.layout, where: `layouts[${i}]` })),
  });

  // Profiles, from the file or from --profiles.
  const refs = cli.profiles
    ? cli.profiles.map((name) => ({ ref: { name } as ProfileObj, at: { source: '--profiles', where: '' }, oAt: { source: '--profiles', where: '' } }))
    : file.profiles.map((p, i) =>
        typeof p === 'string'
          ? { ref: { name: p } as ProfileObj, at: inFile(`profiles[${i}]`), oAt: inFile(`profiles[${i}]`) }
          : { ref: p, at: inFile(`profiles[${i}].name`), oAt: inFile(`profiles[${i}].overrides`) },
      );
  const profiles: LoadedExperiment['profiles'] = [];
  const profileRefs: EffectiveExperiment['profileRefs'] = [];
  for (const { ref, at, oAt } of refs) {
    for (const k of Object.keys(ref.overrides ?? {})) {
      const bad = k.split('.').find((part) => FORBIDDEN_KEYS.has(part) || part === '');
      if (bad !== undefined) fail({ source: oAt.source, where: `${oAt.where}.${k}` }, bad === '' ? 'empty segment in the override path' : `'${bad}' is not a profile field`);
    }
    const overrides = ref.overrides ? nestOverrides(ref.overrides) : undefined;
    const resolved = await resolver.profile(ref.name, overrides, at, oAt);
    const label = ref.label ?? profileLabel(resolved.name, ref.overrides);
    profiles.push({ label, resolved });
    profileRefs.push({ label, name: resolved.name, overrides: ref.overrides ?? null });
  }
  checkUnique(profiles.map((p) => p.label), (i) => refs[i]!.at);

  const prefetch = file.prefetch ?? ['on'];
  const known = resolver.prefetchSettings();
  prefetch.forEach((s, i) => {
    if (!known.includes(s)) fail(inFile(`prefetch[${i}]`), `unknown prefetch setting '${s}' (known: ${known.join(', ')})`);
  });
  checkUnique(prefetch, (i) => inFile(`prefetch[${i}]`));

  const threads = cli.threads ?? file.threads;
  const threadsAt = (i: number): At => (cli.threads ? { source: '--threads', where: '' } : inFile(`threads[${i}]`));
  checkUnique(threads, threadsAt);

  const scenarios = kind!.scenarios(file.workload);
  checkUnique(scenarios, (i) => inFile(`workload.scenarios[${i}].name`));
  const axes = file.axes ?? {};
  for (const [name, values] of Object.entries(axes)) {
    if ((BUILTIN_AXES as readonly string[]).includes(name)) fail(inFile(`axes.${name}`), `'${name}' is a built-in axis; use the experiment's own field`);
    // CSV columns share one namespace: axes may not shadow the fixed columns or a metric.
    const taken = ['experiment', 'point', ...kind!.metrics(file.workload).map((m) => m.name)];
    if (taken.includes(name)) fail(inFile(`axes.${name}`), `'${name}' is already a results column; rename the axis`);
    checkUnique(values, (i) => inFile(`axes.${name}[${i}]`));
  }
  const columns = ['layout', 'profile', 'prefetch', 'threads', ...(scenarios.length ? ['scenario'] : []), ...Object.keys(axes)];
  const exclude = file.exclude ?? [];
  exclude.forEach((e, i) => {
    for (const k of Object.keys(e)) {
      if (!columns.includes(k)) fail(inFile(`exclude[${i}].${k}`), `unknown axis '${k}' (axes: ${columns.join(', ')})`);
    }
  });

  // A published comparison names two values of one axis (layout unless it says otherwise).
  (file.published ?? []).forEach((e, i) => {
    const axis = e.axis ?? 'layout';
    if (!columns.includes(axis)) fail(inFile(`published[${i}].axis`), `'${axis}' is not an axis of this experiment (axes: ${columns.join(', ')})`);
  });

  const experiment: EffectiveExperiment = {
    name: file.name,
    description: file.description ?? '',
    workload: file.workload,
    layouts: layouts.map((l) => l.label),
    baseline,
    profiles: profiles.map((p) => p.label),
    profileRefs,
    prefetch,
    threads,
    iterations: cli.iterations ?? file.iterations ?? 5,
    seed: file.seed ?? 1,
    scenarios,
    axes,
    exclude,
    published: file.published ?? [],
    check: cli.check ?? file.check ?? false,
    metrics: kind!.metrics(file.workload),
    columns,
  };
  return { source: path, kind: kind!, experiment, layouts, extraLayouts, profiles, threadsAt };
}
