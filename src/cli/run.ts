/**
 * `linesim run <experiment.json>`: load and resolve the experiment, run its sweep on a
 * worker pool, write results.json / results.csv / effective-config.json and the report.
 * All input checks happen before anything is written (run-experiment.ts).
 */
import type { Command } from 'commander';
import { runCommand, type RunFlags } from './run-experiment.ts';

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
    .option('--jobs <n>', 'worker threads (default: number of CPUs; 1 runs in-process)')
    .option('--resume', 'reuse points stored by an earlier, interrupted run with the same config')
    .option('--quiet', 'no progress and no summary')
    .option('--no-report', 'write results only; skip the report (render it later with `linesim report <dir>`)')
    .option('--check', 'checked mode: assert coherence invariants after every event (slow)')
    .option('--force', 'run sweeps of more than 20 000 simulations (points × iterations)')
    .option('--iterations <n>', "override the experiment's iterations (quick runs)")
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
  per-role.csv           one row per point and role (program kind): ops/s, ns/op, latency p50/p90/p99/max
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
