/**
 * Run one point: look the kind up and simulate. Shared by the in-process path
 * (--jobs 1) and the pool worker, so both produce the same PointResult.
 */
import '../kinds/index.ts'; // registers the built-in kinds looked up below
import { getWorkload } from '../workload/registry.ts';
import type { PointSpec } from '../model/point-spec.ts';
import type { PointResult } from '../model/result-types.ts';

export interface PointOutcome {
  result: PointResult;
  /** wall time of the simulation, for progress lines only (never written to results) */
  ms: number;
}

export function simulatePoint(spec: PointSpec, key: string): PointOutcome {
  const kindName = (spec.workload as { kind: string }).kind;
  const kind = getWorkload(kindName);
  if (!kind) throw new Error(`workload kind '${kindName}' is not registered in this thread`);
  const t0 = performance.now();
  const r = kind.simulate(spec);
  // The runner owns identity: key and coords come from the plan, not from the kind.
  const result: PointResult = { key, coords: spec.coords, metrics: r.metrics, sites: r.sites, runs: r.runs };
  return { result, ms: performance.now() - t0 };
}
