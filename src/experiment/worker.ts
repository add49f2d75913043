/**
 * Pool worker (loaded through worker-boot.mjs, which registers tsx in the thread).
 * Registers the built-in kinds and any LINESIM_PLUGINS modules, then simulates points.
 */
import { workerData } from 'node:worker_threads';
import '../workload/all.ts';
import { loadPlugins } from './plugins.ts';
import { simulatePoint, type PointOutcome } from './simulate-point.ts';
import type { PointSpec } from '../workload/point-spec.ts';

await loadPlugins(((workerData as { plugins?: string[] } | undefined)?.plugins) ?? []);

export default function run(task: { spec: PointSpec; key: string }): PointOutcome {
  return simulatePoint(task.spec, task.key);
}
