/**
 * The submitter side of `linesim run --queue`: an executor for runPlan that enqueues the
 * points not yet stored in Redis (job id from the content key, so a second submit of
 * the same point adds nothing) and hands each result to the runner as it arrives.
 * Results come from QueueEvents ('completed'), with a slow poll as a safety net for
 * events missed while a connection was down. Outputs are then written by the runner
 * exactly as in a local run.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Executor, Task } from '../experiment/pool.ts';
import { describeCoords } from '../experiment/progress.ts';
import { InputError } from '../util/errors.ts';
import { openRedis, workersOn } from './connect.ts';
import { failureError } from './failure.ts';
import { JOB_OPTIONS, QUEUE_NAME, jobId, type PointJob, type PointJobReturn } from './protocol.ts';
import { ResultStore } from './results.ts';
import { redisOptions, type QueueTarget } from './url.ts';

export interface SubmitOptions {
  modelVersion: string;
  /** one-line notes for the user (stderr) */
  log: (line: string) => void;
  /** safety-net poll interval, ms */
  pollMs?: number;
}

export function queueExecutor(target: QueueTarget, o: SubmitOptions): Executor {
  return async (tasks, onDone) => {
    if (tasks.length === 0) return;
    const redis = await openRedis(target);
    const store = new ResultStore(redis);
    const connection = redisOptions(target);
    const queue = new Queue<PointJob, PointJobReturn>(QUEUE_NAME, { connection });
    const events = new QueueEvents(QUEUE_NAME, { connection });
    const pending = new Map<string, Task>(tasks.map((t) => [jobId(t.key), t]));
    let timer: NodeJS.Timeout | undefined;
    try {
      // Listen before adding, so no completion can slip between the two.
      await events.waitUntilReady();
      await queue.waitUntilReady();
      await new Promise<void>((resolve, reject) => {
        let failed = false;
        const fail = (e: Error): void => {
          if (failed) return;
          failed = true;
          reject(e);
        };
        const collect = async (id: string, ms: number): Promise<void> => {
          const t = pending.get(id);
          if (!t) return;
          pending.delete(id);
          const r = await store.get(t.key);
          if (!r) throw new InputError('--queue', '', `point ${t.index} (${describeCoords(t.spec.coords)}) completed but its result is not in Redis (was it cleaned or evicted?)`);
          onDone(t, { result: r, ms });
          if (pending.size === 0) resolve();
        };
        const guard = (p: Promise<void>): void => void p.catch((e: unknown) => fail(e as Error));
        events.on('completed', ({ jobId: id, returnvalue }) => {
          if (!pending.has(id)) return;
          const rv = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as PointJobReturn | null;
          guard(collect(id, rv?.ms ?? 0));
        });
        events.on('failed', ({ jobId: id, failedReason }) => {
          if (pending.has(id)) fail(failureError(failedReason));
        });

        const poll = async (): Promise<void> => {
          const ids = [...pending.keys()];
          const stored = await store.has(ids.map((id) => pending.get(id)!.key));
          for (let i = 0; i < ids.length; i++) {
            const id = ids[i]!;
            const t = pending.get(id);
            if (!t) continue; // collected by an event meanwhile
            if (stored[i]) {
              await collect(id, 0);
              continue;
            }
            const job = await queue.getJob(id);
            const state = job ? await job.getState() : 'missing';
            // Re-check after each await: a completion event may have collected it meanwhile
            // (and removeOnComplete removed the job).
            if (!pending.has(id)) continue;
            if (state === 'failed') throw failureError(job!.failedReason);
            if (state === 'missing' || state === 'unknown') {
              if ((await store.has([t.key]))[0]) await collect(id, 0);
              else if (pending.has(id)) {
                throw new InputError('--queue', '', `point ${t.index} (${describeCoords(t.spec.coords)}) left the queue without a result (drained?); run again with --resume to enqueue it again`);
              }
            }
          }
        };
        const tick = (): void => {
          timer = setTimeout(() => guard(poll().then(() => { if (!failed && pending.size) tick(); })), o.pollMs ?? 2000);
        };

        guard((async () => {
          const stored = await store.has(tasks.map((t) => t.key));
          const toAdd = tasks.filter((_, i) => !stored[i]);
          // A point that failed in an earlier submit (stale worker, fixed bug) runs again, and
          // one left waiting by a submitter of another model version is replaced by ours.
          for (const t of toAdd) {
            const job = await queue.getJob(jobId(t.key));
            if (job && ((await job.isFailed()) || job.data.modelVersion !== o.modelVersion)) await job.remove().catch(() => {});
          }
          const workers = (await workersOn(queue as unknown as Queue, target)).length;
          o.log(`queue ${target.display}: ${tasks.length - toAdd.length} of ${tasks.length} points already stored, ${toAdd.length} enqueued, ${workers} worker${workers === 1 ? '' : 's'} connected` +
            (workers === 0 ? ` (start one: linesim worker --queue ${target.display})` : ''));
          await queue.addBulk(toAdd.map((t) => ({
            name: 'point',
            data: { key: t.key, spec: t.spec, modelVersion: o.modelVersion, index: t.index },
            opts: { ...JOB_OPTIONS, jobId: jobId(t.key) },
          })));
          for (let i = 0; i < tasks.length; i++) if (stored[i]) await collect(jobId(tasks[i]!.key), 0);
          if (pending.size) tick();
        })());
      });
    } catch (e) {
      // Points nobody has started yet are taken back; points in flight finish and stay
      // stored for a later run.
      for (const id of pending.keys()) {
        const job = await queue.getJob(id).catch(() => undefined);
        const state = job ? await job.getState().catch(() => 'unknown') : 'missing';
        if (state === 'waiting' || state === 'delayed' || state === 'prioritized') await job!.remove().catch(() => {});
      }
      throw e;
    } finally {
      if (timer) clearTimeout(timer);
      await events.close();
      await queue.close();
      redis.disconnect();
    }
  };
}
