/**
 * Execute points: in this thread for --jobs 1, otherwise on a piscina worker pool.
 * Completion order varies with the pool; callers store results by point index, so
 * outputs never depend on it.
 */
import { Piscina } from 'piscina';
import type { PointSpec } from '../workload/point-spec.ts';
import { InputError } from '../util/errors.ts';
import { simulatePoint, type PointOutcome } from './simulate-point.ts';

export interface Task {
  index: number;
  key: string;
  spec: PointSpec;
}

/** What a pool worker sends back (see worker.ts). */
export type WorkerReply = { ok: PointOutcome } | { inputError: { source: string; where: string; reason: string } };

export type OnDone = (task: Task, outcome: PointOutcome) => void;

/** Run `tasks`; `onDone` is called once per task as it finishes (any order). */
export async function executeTasks(tasks: readonly Task[], jobs: number, plugins: readonly string[], onDone: OnDone): Promise<void> {
  if (tasks.length === 0) return;
  if (jobs <= 1) {
    for (const t of tasks) {
      onDone(t, simulatePoint(t.spec, t.key));
      // Yield so signals and the progress bar's timer get a turn between points.
      await new Promise((r) => setImmediate(r));
    }
    return;
  }
  const threads = Math.min(jobs, tasks.length);
  const pool = new Piscina({
    filename: new URL('./worker-boot.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    workerData: { plugins: [...plugins] },
  });
  try {
    await Promise.all(
      tasks.map(async (t) => {
        const reply = (await pool.run({ spec: t.spec, key: t.key })) as WorkerReply;
        if ('inputError' in reply) {
          const e = reply.inputError;
          throw new InputError(e.source, e.where, e.reason);
        }
        onDone(t, reply.ok);
      }),
    );
  } finally {
    await pool.destroy();
  }
}
