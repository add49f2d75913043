/**
 * Execute points: in this thread for --jobs 1, otherwise on a piscina worker pool.
 * Completion order varies with the pool; callers store results by point index, so
 * outputs never depend on it.
 */
import { Piscina } from 'piscina';
import type { PointSpec } from '../workload/point-spec.ts';
import { InputError } from '../util/errors.ts';
import { simulatePoint, type PointOutcome } from './simulate-point.ts';
import { describeCoords } from './progress.ts';

export interface Task {
  index: number;
  key: string;
  spec: PointSpec;
}

/** What a pool worker sends back (see worker.ts). */
export type WorkerReply = { ok: PointOutcome } | { inputError: { source: string; where: string; reason: string } };

export type OnDone = (task: Task, outcome: PointOutcome) => void;

/** Something that runs tasks and reports each finished one: the local pool, or a queue (src/queue). */
export type Executor = (tasks: readonly Task[], onDone: OnDone) => Promise<void>;

/** A simulation bug is easier to chase when the message says which point hit it. */
function namePoint(e: unknown, t: Task): unknown {
  if (e instanceof Error && !(e instanceof InputError)) {
    e.message = `point ${t.index} (${describeCoords(t.spec.coords)}): ${e.message}`;
  }
  return e;
}

// Compiled (dist/*.js): the worker is plain JavaScript. From TypeScript (tests, tsx):
// worker-boot.mjs registers tsx inside the thread first. Either way the worker imports
// util/v8-tuning first.
const WORKER_ENTRY = new URL(import.meta.url.endsWith('.js') ? './worker.js' : './worker-boot.mjs', import.meta.url).href;

/** Run `tasks`; `onDone` is called once per task as it finishes (any order). */
export async function executeTasks(tasks: readonly Task[], jobs: number, plugins: readonly string[], onDone: OnDone): Promise<void> {
  if (tasks.length === 0) return;
  if (jobs <= 1) {
    for (const t of tasks) {
      let outcome: PointOutcome;
      try {
        outcome = simulatePoint(t.spec, t.key);
      } catch (e) {
        throw namePoint(e, t);
      }
      onDone(t, outcome);
      // Yield so signals and the progress bar's timer get a turn between points.
      await new Promise((r) => setImmediate(r));
    }
    return;
  }
  const threads = Math.min(jobs, tasks.length);
  const pool = new Piscina({
    filename: WORKER_ENTRY,
    minThreads: threads,
    maxThreads: threads,
    workerData: { plugins: [...plugins] },
  });
  // NOTE: we feed the pool ourselves, one task per idle thread, instead of queueing all
  // tasks in piscina: after a failure we simply stop feeding and let the tasks in flight
  // finish. (Aborting or destroying with replies in flight makes piscina throw an
  // uncaught "Unexpected message from Worker".)
  let next = 0;
  let failure: { error: unknown } | undefined;
  const feeder = async (): Promise<void> => {
    while (failure === undefined && next < tasks.length) {
      const t = tasks[next++]!;
      try {
        const reply = (await pool.run({ spec: t.spec, key: t.key })) as WorkerReply;
        if ('inputError' in reply) {
          const e = reply.inputError;
          throw new InputError(e.source, e.where, e.reason);
        }
        // Points that finish after another point failed are still stored for --resume.
        onDone(t, reply.ok);
      } catch (e) {
        failure ??= { error: namePoint(e, t) };
      }
    }
  };
  await Promise.all(Array.from({ length: threads }, feeder));
  await pool.destroy();
  if (failure) throw failure.error;
}
