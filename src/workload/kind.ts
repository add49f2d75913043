/**
 * A workload kind ('program', 'pft', 'spf', ...) as seen by the experiment runner.
 * Kinds register themselves in src/workload/registry.ts; the runner never needs to
 * know what a kind does, only how to validate it and run one point.
 */
import type { MetricSpec, PointResult } from '../model/result-types.ts';
import type { PointSpec, ResolvedLayout } from '../model/point-spec.ts';

export interface WorkloadKind {
  name: string;
  /** one-line description for --help and docs */
  summary: string;
  /**
   * Validate the experiment's `workload` block. Throws InputError(source, path, reason)
   * with `path` prefixed by `jsonPathPrefix` (e.g. "workload.programs[0].op").
   */
  validate(block: unknown, source: string, jsonPathPrefix: string): void;
  /**
   * Optional second check, once the layouts are resolved: `extra` by the names
   * extraLayouts() gave, `axis` = the experiment's layouts axis (label, layout, and
   * where it was written). Throws InputError like validate().
   */
  validateLayouts?(block: unknown, source: string, jsonPathPrefix: string, ctx: {
    extra: Record<string, ResolvedLayout>;
    axis: ReadonlyArray<{ label: string; layout: ResolvedLayout; where: string }>;
  }): void;
  metrics(block: unknown): MetricSpec[];
  /** names of the workload's internal scenarios, if it sweeps several (microbench); else [] */
  scenarios(block: unknown): string[];
  /**
   * Layout names this workload needs besides the point's main layout (e.g. pft needs
   * 'vma_lock' and 'mm_struct'); the runner resolves them into PointSpec.layouts[name].
   * The main layout (the experiment's `layouts` axis) is PointSpec.layouts.main.
   */
  extraLayouts(block: unknown): string[];
  /**
   * Optional: check one planned point without simulating it (roles vs threads and CPUs,
   * references vs the real layouts, axis values). Called for every point before anything
   * is written; throws InputError naming `source` (the experiment file) and a JSON path.
   */
  preflight?(spec: PointSpec, source: string): void;
  /** Simulate `spec.iterations` runs of one point (pure: same spec → same result). */
  simulate(spec: PointSpec): PointResult;
}
