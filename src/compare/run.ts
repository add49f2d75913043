/**
 * `linesim compare` as an experiment: the layouts become the experiment's layout axis
 * (first = baseline) and the run goes through the normal loader, planner, runner and
 * report layer, so results.csv, index.html and summary.md come for free; the side-by-side
 * compare report is written next to them. The experiment file is built and checked in a
 * temporary directory first, so bad input leaves no partial output in --out.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import '../workload/all.ts';
import { loadExperiment, type LoadedExperiment } from '../experiment/load.ts';
import { planExperiment } from '../experiment/plan.ts';
import { registryResolver } from '../experiment/resolve.ts';
import { runPlan } from '../experiment/runner.ts';
import { quietProgress, type Progress } from '../experiment/progress.ts';
import type { PointResult } from '../experiment/result-types.ts';
import type { ResolvedLayout } from '../workload/point-spec.ts';
import { writeCompareReport } from './report.ts';

export interface CompareRequest {
  name: string;
  description?: string;
  /** layout names, layout .json paths or pahole dumps; the first is the baseline */
  layouts: string[];
  /** where each layout reference came from, for errors (default "layout argument N") */
  layoutSources?: string[];
  workload: { kind: string; [k: string]: unknown };
  profiles: string[];
  prefetch: string[];
  threads: number[];
  iterations: number;
  seed: number;
  axes?: Record<string, Array<string | number>>;
  exclude?: Array<Record<string, string | number>>;
  /** the object whose layout varies ("vma" for pft/spf) and what one op is ("fault", "op") */
  mainObject?: string;
  unit?: string;
  /** a note shown at the top of the compare report (e.g. what the sweep axes mean) */
  notes?: string[];
}

export interface CompareRun {
  loaded: LoadedExperiment;
  points: PointResult[];
  files: string[];
}

const isPath = (ref: string) => ref.includes('/') || ref.includes('.');

/** Resolve every reference with a precise error source before building the experiment. */
export async function resolveCompareLayouts(req: CompareRequest): Promise<Array<{ label: string; layout: ResolvedLayout }>> {
  if (req.layouts.length < 2 && !req.axes) throw new InputError('compare', '', 'give at least two layouts (the first is the baseline)');
  const out: Array<{ label: string; layout: ResolvedLayout }> = [];
  for (const [i, ref] of req.layouts.entries()) {
    const at = { source: req.layoutSources?.[i] ?? `layout argument ${i + 1}`, where: '' };
    const layout = await registryResolver.layout(ref, at);
    const label = isPath(ref) ? layout.name : ref;
    const dup = out.findIndex((o) => o.label === label);
    if (dup >= 0) {
      throw new InputError(at.source, '', `layout '${ref}' has the same label '${label}' as layout argument ${dup + 1}; ` +
        'give each layout file a distinct "name"');
    }
    out.push({ label, layout });
  }
  const known = registryResolver.prefetchSettings();
  for (const s of req.prefetch) {
    if (!known.includes(s)) throw new InputError('--prefetch', '', `unknown prefetch setting '${s}' (known: ${known.join(', ')})`);
  }
  return out;
}

export async function runCompare(req: CompareRequest, out: string, opts: { jobs: number; progress?: Progress }): Promise<CompareRun> {
  const resolved = await resolveCompareLayouts(req);
  const experiment = {
    name: req.name,
    description: req.description ?? `linesim compare: ${resolved.map((r) => r.label).join(' vs ')}`,
    workload: req.workload,
    layouts: req.layouts,
    profiles: req.profiles,
    prefetch: req.prefetch,
    threads: req.threads,
    iterations: req.iterations,
    seed: req.seed,
    ...(req.axes ? { axes: req.axes } : {}),
    ...(req.exclude && req.exclude.length ? { exclude: req.exclude } : {}),
  };
  const dir = mkdtempSync(join(tmpdir(), 'linesim-compare-'));
  const expPath = join(dir, 'experiment.json');
  let loaded: LoadedExperiment;
  let plan: ReturnType<typeof planExperiment>;
  try {
    writeFileSync(expPath, JSON.stringify(experiment, null, 2) + '\n');
    // CLI overrides make profile/thread errors name the flag, not the temporary file.
    loaded = await loadExperiment(expPath, registryResolver, { profiles: req.profiles, threads: req.threads });
    plan = planExperiment(loaded, registryResolver);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileAtomic(join(out, 'experiment.json'), JSON.stringify(experiment, null, 2) + '\n');
  const summary = await runPlan(loaded, plan, { out, jobs: opts.jobs, resume: false, progress: opts.progress ?? quietProgress, report: true });
  const files = await writeCompareReport(out, { experiment: loaded.experiment, layouts: resolved, points: summary.results.points, notes: req.notes ?? [],
    mainObject: req.mainObject ?? 'vma', unit: req.unit ?? 'fault' });
  return { loaded, points: summary.results.points, files };
}
