/**
 * `linesim run <experiment.json>`: load and resolve the experiment, run its sweep on a
 * worker pool, write results.json / results.csv / effective-config.json (and the report,
 * when the report layer is present). All input checks happen before anything is written.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkOutDir, iterationsFlag, jobsFlag, nameList, threadsFlag } from './flags.ts';
import '../workload/all.ts';
import { loadExperiment, type CliOverrides } from '../experiment/load.ts';
import { planExperiment } from '../experiment/plan.ts';
import { registryResolver } from '../experiment/resolve.ts';
import { runPlan } from '../experiment/runner.ts';
import { chooseProgress } from '../experiment/progress.ts';
import { loadPlugins, pluginsFromEnv } from '../experiment/plugins.ts';
import { parseQueueUrl } from '../queue/url.ts';

interface RunFlags {
  out?: string;
  jobs?: string;
  resume?: boolean;
  quiet?: boolean;
  check?: boolean;
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
  const summary = await runPlan(loaded, plan, { out, jobs, resume: flags.resume ?? false, progress: chooseProgress(quiet), plugins, report: flags.report !== false, execute });
  if (quiet) return;
  const resumed = summary.reused ? `, ${summary.reused} reused from a previous run` : '';
  process.stdout.write(`${summary.total} points (${summary.simulated} simulated${resumed}) → ${out}/results.csv, results.json, effective-config.json\n`);
  if (summary.report === 'written') process.stdout.write(`report → ${out}/ (re-render with \`linesim report ${out}\`)\n`);
  if (summary.report === 'no-report-layer') process.stdout.write('report layer not available; results only\n');
}

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'Run an experiment: the sweep layouts × profiles × prefetch × threads (× scenarios × extra axes, ' +
        'minus excludes), each point simulated `iterations` times on a worker pool. Writes results.json, ' +
        'results.csv and effective-config.json to the output directory, then the report (also rendered ' +
        'by `linesim report <dir>`). Every finished point is stored in <out>/.points, so an interrupted ' +
        'run continues with --resume.',
    )
    .argument('<experiment>', 'experiment JSON file (schema: experiments/experiment.schema.json)')
    .option('--out <dir>', 'output directory (default: reports/<experiment name>)')
    .option('--jobs <n>', 'worker threads (default: number of CPUs; at most 4 per CPU; 1 runs in-process)')
    .option('--resume', 'reuse points stored by an earlier, interrupted run with the same config')
    .option('--quiet', 'no progress and no summary')
    .option('--no-report', 'write results only; skip the report (render it later with `linesim report <dir>`)')
    .option('--check', 'checked mode: assert coherence invariants after every event (slow)')
    .option('--force', 'run sweeps of more than 20 000 simulations (points × iterations)')
    .option('--iterations <n>', "override the experiment's iterations (quick runs; at most 10 000)")
    .option('--threads <list>', "override the experiment's thread counts, e.g. 1,4,8")
    .option('--profiles <list>', "override the experiment's profiles, e.g. broadwell-ep,zen3-epyc")
    .option('--queue <url>', 'run the points on `linesim worker` processes through BullMQ on Redis: redis://host:port[/db] (--jobs is then ignored)')
    .addHelpText(
      'after',
      `
Examples:
  linesim run experiments/microbench.json
  linesim run experiments/microbench.json --profiles broadwell-ep --iterations 1 --out /tmp/quick
  linesim run experiments/microbench.json --resume      # after Ctrl-C or a crash
  linesim run experiments/microbench.json --queue redis://10.0.0.5:6379   # points run on \`linesim worker\`s

Outputs (in --out):
  results.csv            one row per point: axes, metrics (Hmean/mean over iterations), counters
  per-cpu.csv            one row per point and CPU that ran a thread: per-CPU counters
  results.json           { experiment, points: PointResult[] } in sweep order
  effective-config.json  resolved profiles (with sources), layouts, every point's resume key

A thread count above a profile's hardware threads is an error; with mixed profiles,
exclude those points: "exclude": [{ "profile": "broadwell-ep", "threads": 64 }].
Output is identical for any --jobs. Progress goes to stderr (a bar on a terminal,
one line per point otherwise). Workload kinds from other modules can be added with
LINESIM_PLUGINS=path/to/kind.ts (comma-separated); they are loaded in every worker.`,
    )
    .action(async (experiment: string, flags: RunFlags) => {
      await runCommand(experiment, flags);
    });
}
