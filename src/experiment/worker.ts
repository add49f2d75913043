/**
 * Pool worker (loaded through worker-boot.mjs, which registers tsx in the thread).
 * Loads any LINESIM_PLUGINS modules (simulate-point.ts registers the built-in kinds),
 * then simulates points.
 */
import '../util/v8-tuning.ts'; // first (flags are per process; repeated here so a worker started on its own gets them)
import { workerData } from 'node:worker_threads';
import { loadPlugins } from './plugins.ts';
import { simulatePoint } from './simulate-point.ts';
import { InputError } from '../util/errors.ts';
import type { WorkerReply } from './pool.ts';
import type { PointSpec } from '../model/point-spec.ts';

await loadPlugins(((workerData as { plugins?: string[] } | undefined)?.plugins) ?? []);

export default function run(task: { spec: PointSpec; key: string }): WorkerReply {
  try {
    return { ok: simulatePoint(task.spec, task.key) };
  } catch (e) {
    // Errors lose their class crossing threads; carry an InputError as data so the CLI
    // still prints one line and exits 2, as it would with --jobs 1.
    if (e instanceof InputError) return { inputError: { source: e.source, where: e.where, reason: e.reason } };
    throw e;
  }
}
