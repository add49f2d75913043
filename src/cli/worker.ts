/**
 * `linesim worker --queue redis://…`: simulate points submitted by `linesim run --queue`
 * on any machine with the same linesim checkout. bullmq/ioredis are imported only when
 * the verb runs, so the rest of the CLI never loads them.
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { InputError } from '../util/errors.ts';
import { parseQueueUrl } from '../queue/url.ts';

interface WorkerFlags {
  queue?: string;
  jobs?: string;
  stallMs?: string;
  quiet?: boolean;
}

// NOTE: a local copy of run.ts's check; the shared flag module (issue 16) can absorb it.
function positiveInt(flag: string, text: string): number {
  if (!/^\s*[0-9]+\s*$/.test(text) || Number(text) < 1) throw new InputError(flag, '', `expected a positive integer, got '${text}'`);
  return Number(text);
}

export async function workerCommand(flags: WorkerFlags): Promise<void> {
  if (flags.queue === undefined) throw new InputError('--queue', '', 'required: the Redis URL the submitter uses, e.g. redis://10.0.0.5:6379');
  const target = parseQueueUrl(flags.queue);
  const jobs = flags.jobs === undefined ? availableParallelism() : positiveInt('--jobs', flags.jobs);
  const stallMs = flags.stallMs === undefined ? 30_000 : positiveInt('--stall-ms', flags.stallMs);
  const { pluginsFromEnv, loadPlugins } = await import('../experiment/plugins.ts');
  const plugins = pluginsFromEnv();
  await loadPlugins(plugins); // fail here, once, on a missing plugin rather than in every job
  const { modelVersion } = await import('../queue/model-version.ts');
  const { startWorker } = await import('../queue/worker.ts');
  const log = flags.quiet ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  const w = await startWorker(target, { jobs, stallMs, plugins, modelVersion: modelVersion(plugins), log });
  // First signal: finish the points in flight, then exit; a second one exits at once.
  let signalled = false;
  const onSignal = (): void => {
    if (signalled) process.exit(130);
    signalled = true;
    log(`worker ${w.name}: stopping after the points in flight (signal again to stop now)`);
    void w.close();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const why = await w.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (why === 'refused') throw new InputError('--queue', '', `worker ${w.name} stopped: it was sent a point of another linesim model version (see the line above)`);
}

export function register(program: Command): void {
  program
    .command('worker')
    .description(
      'Simulate points queued by `linesim run --queue` (BullMQ on Redis), on this machine, with a ' +
        'worker pool of --jobs threads. Each result is stored in Redis by its content key. A point ' +
        'submitted from another linesim model version (hash of src/, cpu-profiles/, layouts/) is ' +
        'refused and the worker stops. Ctrl-C finishes the points in flight, then exits.',
    )
    .option('--queue <url>', 'Redis URL: redis://host:port[/db] (same as the submitter)')
    .option('--jobs <n>', 'points simulated at a time (default: number of CPUs)')
    .option('--stall-ms <ms>', 'job lock and stalled-check interval: a killed worker\'s point is retried after about this long (default 30000)')
    .option('--quiet', 'no log lines')
    .addHelpText(
      'after',
      `
Examples:
  linesim worker --queue redis://10.0.0.5:6379 --jobs 8
  LINESIM_PLUGINS=my-kind.ts linesim worker --queue redis://10.0.0.5:6379/2`,
    )
    .action(async (flags: WorkerFlags) => {
      await workerCommand(flags);
    });
}
