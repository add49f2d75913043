/**
 * `linesim queue status|drain|clean`: housekeeping on the shared queue. Status counts
 * jobs by state, connected workers, stored results and shows failure reasons; drain
 * drops points nobody has started; clean drops finished jobs and the stored results
 * (which otherwise stay in Redis, reused by every later submit of the same points).
 */
import { Queue } from 'bullmq';
import { openRedis, workersOn } from './connect.ts';
import { failureError } from './failure.ts';
import { QUEUE_NAME } from './protocol.ts';
import { ResultStore } from './results.ts';
import { redisOptions, type QueueTarget } from './url.ts';

export interface QueueStatus {
  counts: Record<string, number>;
  workers: string[];
  storedResults: number;
  failures: string[];
}

async function withQueue<T>(t: QueueTarget, f: (q: Queue, store: ResultStore) => Promise<T>): Promise<T> {
  const redis = await openRedis(t);
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(t) });
  try {
    return await f(queue, new ResultStore(redis));
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

export function queueStatus(t: QueueTarget, maxFailures = 5): Promise<QueueStatus> {
  return withQueue(t, async (q, store) => {
    const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    const workers = await workersOn(q, t);
    const failed = await q.getFailed(0, maxFailures - 1);
    return {
      counts,
      workers,
      storedResults: (await store.keys()).length,
      failures: failed.map((j) => `${j.id}: ${failureError(j.failedReason).message}`),
    };
  });
}

/** Remove waiting and delayed points; returns how many there were. */
export function queueDrain(t: QueueTarget): Promise<number> {
  return withQueue(t, async (q) => {
    const c = await q.getJobCounts('waiting', 'delayed', 'prioritized');
    await q.drain(true);
    return Object.values(c).reduce((a, x) => a + x, 0);
  });
}

/** Remove completed and failed jobs, and (unless kept) every stored result. */
export function queueClean(t: QueueTarget, keepResults: boolean): Promise<{ jobs: number; results: number }> {
  return withQueue(t, async (q, store) => {
    const jobs = (await q.clean(0, 0, 'completed')).length + (await q.clean(0, 0, 'failed')).length;
    const results = keepResults ? 0 : await store.clear();
    return { jobs, results };
  });
}

export function formatStatus(t: QueueTarget, s: QueueStatus): string {
  const c = s.counts;
  const lines = [
    `queue ${QUEUE_NAME} on ${t.display}`,
    `  waiting ${(c.waiting ?? 0) + (c.prioritized ?? 0)}, active ${c.active ?? 0}, delayed ${c.delayed ?? 0}, failed ${c.failed ?? 0}`,
    `  stored results ${s.storedResults}`,
    `  workers ${s.workers.length}${s.workers.length ? `: ${s.workers.join(', ')}` : ''}`,
  ];
  if (s.failures.length) lines.push('  failed points:', ...s.failures.map((f) => `    ${f}`));
  return lines.join('\n') + '\n';
}
