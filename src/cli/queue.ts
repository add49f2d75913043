/**
 * `linesim queue status|drain|clean --queue redis://…`: housekeeping on the shared point
 * queue. bullmq/ioredis are imported only when a subcommand runs.
 */
import type { Command } from 'commander';
import { InputError } from '../util/errors.ts';
import { parseQueueUrl, type QueueTarget } from '../queue/url.ts';

interface QueueFlags {
  queue?: string;
  keepResults?: boolean;
}

function target(flags: QueueFlags): QueueTarget {
  if (flags.queue === undefined) throw new InputError('--queue', '', 'required: the Redis URL, e.g. redis://10.0.0.5:6379');
  return parseQueueUrl(flags.queue);
}

export async function queueCommand(action: string, flags: QueueFlags): Promise<void> {
  if (!['status', 'drain', 'clean'].includes(action)) throw new InputError('queue', '', `unknown action '${action}' (expected status, drain or clean)`);
  const t = target(flags);
  const admin = await import('../queue/admin.ts');
  if (action === 'status') {
    process.stdout.write(admin.formatStatus(t, await admin.queueStatus(t)));
  } else if (action === 'drain') {
    process.stdout.write(`removed ${await admin.queueDrain(t)} waiting points from ${t.display}\n`);
  } else {
    const r = await admin.queueClean(t, flags.keepResults ?? false);
    process.stdout.write(`removed ${r.jobs} finished jobs and ${r.results} stored results from ${t.display}\n`);
  }
}

export function register(program: Command): void {
  program
    .command('queue')
    .description(
      'Housekeeping on the point queue of `linesim run --queue`: status (jobs by state, workers, ' +
        'stored results, failure reasons), drain (drop points not yet started), clean (drop finished ' +
        'jobs and stored results, so the next submit simulates again).',
    )
    .argument('<action>', 'status | drain | clean')
    .option('--queue <url>', 'Redis URL: redis://host:port[/db]')
    .option('--keep-results', 'clean: keep the stored results')
    .addHelpText(
      'after',
      `
Examples:
  linesim queue status --queue redis://10.0.0.5:6379
  linesim queue clean --queue redis://10.0.0.5:6379 --keep-results`,
    )
    .action(async (action: string, flags: QueueFlags) => {
      await queueCommand(action, flags);
    });
}
