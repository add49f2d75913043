/**
 * What the CLI needs from the queue, behind one dynamic import: src/cli/run.ts loads this
 * module only when --queue is given, so local runs never load bullmq or ioredis.
 */
import type { Executor } from '../experiment/pool.ts';
import { modelVersion } from './model-version.ts';
import { queueExecutor } from './submit.ts';
import type { QueueTarget } from './url.ts';

export function queueExecutorFor(target: QueueTarget, plugins: readonly string[], quiet: boolean): Executor {
  return queueExecutor(target, {
    modelVersion: modelVersion(plugins),
    log: quiet ? () => {} : (line) => process.stderr.write(`${line}\n`),
  });
}
