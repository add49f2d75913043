/**
 * Run an experiment file from CLI flags: the body of `linesim run`, shared with
 * `linesim headline`. Every flag and the experiment are checked before anything is
 * written; the report is rendered through the report layer's writeReport.
 */
import { join } from 'node:path';
import { loadExperiment, type CliOverrides } from '../experiment/load.ts';
import { planExperiment } from '../experiment/plan.ts';
import { registryResolver } from '../experiment/resolve.ts';
import { runPlan } from '../experiment/runner.ts';
import { chooseProgress } from '../experiment/progress.ts';
import { loadPlugins, pluginsFromEnv } from '../experiment/plugins.ts';
import { parseQueueUrl } from '../queue/url.ts';
import type { WriteReport } from '../experiment/runner.ts';
import { checkOutDir, iterationsFlag, jobsFlag, nameList, threadsFlag } from './flags.ts';

/** The report layer, loaded when a report is written (vega and resvg take seconds to load). */
const writeReport: WriteReport = async (dir, results) => (await import('../report/index.ts')).writeReport(dir, results);

export interface RunFlags {
  out?: string;
  jobs?: string;
  resume?: boolean;
  quiet?: boolean;
  check?: boolean;
  /** run sweeps above the simulation limit (plan.ts) */
  force?: boolean;
  iterations?: string;
  threads?: string;
  profiles?: string;
  /** commander's --no-report sets this false */
  report?: boolean;
  /** redis://host:port[/db]: run the points on `linesim worker`s through this queue */
  queue?: string;
}

/** Parse and check every flag before touching the file system. */
export function parseRunFlags(flags: RunFlags): { jobs: number; cli: CliOverrides } {
  const cli: CliOverrides = {};
  if (flags.iterations !== undefined) cli.iterations = iterationsFlag(flags.iterations);
  if (flags.threads !== undefined) cli.threads = threadsFlag(flags.threads);
  if (flags.profiles !== undefined) cli.profiles = nameList('--profiles', flags.profiles);
  if (flags.check) cli.check = true;
  if (flags.out !== undefined) checkOutDir(flags.out);
  return { jobs: jobsFlag(flags.jobs), cli };
}

export async function runCommand(experimentPath: string, flags: RunFlags): Promise<void> {
  const { jobs, cli } = parseRunFlags(flags);
  const queue = flags.queue === undefined ? undefined : parseQueueUrl(flags.queue);
  const plugins = pluginsFromEnv();
  await loadPlugins(plugins);
  const loaded = await loadExperiment(experimentPath, registryResolver, cli);
  const plan = planExperiment(loaded, registryResolver, { force: flags.force ?? false });
  const out = flags.out ?? join('reports', loaded.experiment.name);
  checkOutDir(out);

  const quiet = flags.quiet ?? false;
  // Dynamic import: a local run never loads bullmq/ioredis.
  const execute = queue && (await import('../queue/cli-glue.ts')).queueExecutorFor(queue, plugins, quiet);
  const summary = await runPlan(loaded, plan, { out, jobs, resume: flags.resume ?? false, progress: chooseProgress(quiet), plugins, report: flags.report !== false, writeReport, execute });
  if (quiet) return;
  const resumed = summary.reused ? `, ${summary.reused} reused from a previous run` : '';
  process.stdout.write(`${summary.total} points (${summary.simulated} simulated${resumed}) → ${out}/results.csv, results.json, effective-config.json\n`);
  if (summary.report === 'written') process.stdout.write(`report → ${out}/ (re-render with \`linesim report ${out}\`)\n`);
  if (summary.report === 'no-report-layer') process.stdout.write('report layer not available; results only\n');
}

