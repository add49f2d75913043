/**
 * A queue worker: pulls points from BullMQ, simulates them on the same piscina pool
 * threads as a local run (so the event loop stays free to renew job locks during long
 * points), stores each result in Redis by content key and completes the job.
 * Refuses (and then stops) on a job from another model version; a point that fails
 * validation or hits a simulation bug fails once with UnrecoverableError — retrying a
 * deterministic failure could never succeed.
 */
import { hostname } from 'node:os';
import { Piscina } from 'piscina';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { WorkerReply } from '../experiment/pool.ts';
import { describeCoords } from '../experiment/progress.ts';
import { ResultStore } from './results.ts';
import { QUEUE_NAME, VERSION_REFUSAL, type PointJob, type PointJobReturn } from './protocol.ts';
import { encodeFailure } from './failure.ts';
import { openRedis } from './connect.ts';
import { redisOptions, type QueueTarget } from './url.ts';

export interface WorkerOptions {
  jobs: number;
  /** lock duration and stalled-check interval, ms: how soon a killed worker's point is retried */
  stallMs: number;
  plugins: readonly string[];
  modelVersion: string;
  log: (line: string) => void;
}

export interface RunningWorker {
  name: string;
  /** resolves when the worker has stopped: 'closed' (asked to) or 'refused' (stale version) */
  done: Promise<'closed' | 'refused'>;
  /** finish the points in flight, then stop */
  close(): Promise<void>;
}

export async function startWorker(target: QueueTarget, o: WorkerOptions): Promise<RunningWorker> {
  const redis = await openRedis(target);
  const store = new ResultStore(redis);
  const name = `${hostname()}:${process.pid}`;
  const pool = new Piscina({
    filename: new URL(import.meta.url.endsWith('.js') ? '../experiment/worker.js' : '../experiment/worker-boot.mjs', import.meta.url).href,
    minThreads: o.jobs,
    maxThreads: o.jobs,
    workerData: { plugins: [...o.plugins] },
  });
  let stopReason: 'closed' | 'refused' = 'closed';
  let finish!: () => void;
  const stopped = new Promise<void>((r) => (finish = r));

  const handle = async (job: Job<PointJob, PointJobReturn>): Promise<PointJobReturn> => {
    const { key, spec, modelVersion, index } = job.data;
    const where = `point ${index} (${describeCoords(spec.coords)})`;
    if (modelVersion !== o.modelVersion) {
      const msg = `${VERSION_REFUSAL}: ${where} of '${spec.experiment}' was submitted with linesim model ${modelVersion}, worker ${name} runs ${o.modelVersion}; run the same linesim checkout on the submitter and every worker`;
      o.log(`refused: ${msg}; stopping this worker`);
      stopReason = 'refused';
      setImmediate(() => void close());
      throw new UnrecoverableError(msg);
    }
    o.log(`start ${key} ${where}`);
    let reply: WorkerReply;
    try {
      reply = (await pool.run({ spec, key })) as WorkerReply;
    } catch (e) {
      throw new UnrecoverableError(encodeFailure({ bug: `${where} on ${name}: ${(e as Error).message}` }));
    }
    if ('inputError' in reply) throw new UnrecoverableError(encodeFailure({ input: reply.inputError }));
    await store.put(reply.ok.result);
    o.log(`done ${key} ${where} ${(reply.ok.ms / 1000).toFixed(2)}s`);
    return { ms: reply.ok.ms, worker: name };
  };

  const worker = new Worker<PointJob, PointJobReturn>(QUEUE_NAME, handle, {
    connection: redisOptions(target),
    concurrency: o.jobs,
    name,
    lockDuration: o.stallMs,
    stalledInterval: o.stallMs,
    // A point whose worker died this many times is failed rather than retried forever.
    maxStalledCount: 3,
  });
  worker.on('error', (e) => o.log(`queue error: ${e.message}`));
  await worker.waitUntilReady();
  o.log(`worker ${name}: model ${o.modelVersion}, ${o.jobs} job${o.jobs > 1 ? 's' : ''} at a time, waiting for points on ${target.display}`);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await worker.close();
      await pool.destroy();
      redis.disconnect();
      finish();
    })());
  return { name, done: stopped.then(() => stopReason), close };
}
