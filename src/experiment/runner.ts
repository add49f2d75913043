/**
 * Run a planned experiment: reuse stored points (--resume) or start fresh, execute the
 * rest (in-process or on the pool), store each point as it finishes, then write
 * results.json, results.csv, per-cpu.csv and effective-config.json atomically, in sweep
 * order.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { PointResult } from './result-types.ts';
import type { LoadedExperiment } from './load.ts';
import type { Plan } from './plan.ts';
import { executeTasks, type Executor, type Task } from './pool.ts';
import { PointStore } from './store.ts';
import { quietProgress, type Progress } from './progress.ts';
import { perCpuCsv, resultsCsv } from './csv.ts';
import { callReportLayer } from './report-hook.ts';

export interface RunOptions {
  out: string;
  jobs: number;
  resume: boolean;
  progress?: Progress;
  /** plugin module URLs to load in workers (LINESIM_PLUGINS) */
  plugins?: readonly string[];
  /** call the report layer after writing results (default true) */
  report?: boolean;
  /** run the points elsewhere (e.g. src/queue); default: the local pool with `jobs` */
  execute?: Executor;
}

export interface RunSummary {
  out: string;
  total: number;
  reused: number;
  simulated: number;
  report: 'written' | 'no-report-layer' | 'skipped';
  results: { experiment: unknown; points: PointResult[] };
}

export async function runPlan(loaded: LoadedExperiment, plan: Plan, opts: RunOptions): Promise<RunSummary> {
  const progress = opts.progress ?? quietProgress;
  const store = new PointStore(opts.out);
  if (opts.resume) store.open();
  else store.clear();
  // Results of an earlier run must not sit next to this run's config looking current
  // if this one is interrupted; they are rewritten when the run completes.
  for (const f of ['results.json', 'results.csv', 'per-cpu.csv']) rmSync(join(opts.out, f), { force: true });
  // Written first so a long run can be inspected (and a killed one explained) early.
  writeFileAtomic(join(opts.out, 'effective-config.json'), JSON.stringify(plan.effectiveConfig, null, 2) + '\n');

  const results: Array<PointResult | undefined> = plan.points.map((p) => (opts.resume ? store.get(p.key) : undefined));
  const reused = results.filter((r) => r !== undefined).length;
  const tasks: Task[] = plan.points.filter((_, i) => results[i] === undefined).map((p) => ({ index: p.index, key: p.key, spec: p.spec }));
  if (opts.resume) progress.note(`resume: ${reused} of ${plan.points.length} points already stored in ${store.dir}`);

  progress.start(plan.points.length, reused);
  try {
    const execute: Executor = opts.execute ?? ((ts, done) => executeTasks(ts, opts.jobs, opts.plugins ?? [], done));
    await execute(tasks, (task, outcome) => {
      store.put(outcome.result);
      results[task.index] = outcome.result;
      progress.pointDone(task.spec.coords, outcome.ms);
    });
  } finally {
    progress.stop();
  }

  const points = results.map((r, i) => {
    if (!r) throw new Error(`point ${i} has no result after the run`);
    return r;
  });
  const exp = loaded.experiment;
  const out = { experiment: exp, points };
  writeFileAtomic(join(opts.out, 'results.json'), JSON.stringify(out) + '\n');
  writeFileAtomic(join(opts.out, 'results.csv'), resultsCsv(exp.name, exp.columns, exp.metrics, points));
  writeFileAtomic(join(opts.out, 'per-cpu.csv'), perCpuCsv(exp.name, exp.columns, points));
  const report = opts.report === false ? 'skipped' : await callReportLayer(opts.out, out);
  return { out: opts.out, total: points.length, reused, simulated: tasks.length, report, results: out };
}
