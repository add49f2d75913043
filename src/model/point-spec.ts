/**
 * The fully resolved description of one sweep point, as handed to a worker.
 * Everything needed to simulate is in here (no file lookups in workers), so the
 * point's content hash is a sound resume key.
 */
import type { MachineConfig } from './machine-config.ts';
import type { PointCoords } from './result-types.ts';

/** A struct layout as resolved by src/layout (see layout schema). */
export interface ResolvedLayout {
  name: string;
  size: number;
  /** alignment of objects in their slab cache (8/16 without HWCACHE_ALIGN, 64 with) */
  objectAlign: number;
  typesafeByRcu: boolean;
  fields: Array<{ name: string; offset: number; size: number; type?: string }>;
}

export interface PointSpec {
  experiment: string;
  coords: PointCoords;
  /** the experiment's workload block, verbatim (validated by the workload's own schema) */
  workload: unknown;
  machine: MachineConfig;
  /** layouts by role: e.g. { vma: ..., vma_lock: ..., mm: ... } for kernel workloads */
  layouts: Record<string, ResolvedLayout>;
  /** extra axis parameters (slabSlot, slabOffset, objectAlign, scenario, ...) */
  params: Record<string, string | number>;
  threads: number;
  iterations: number;
  seed: number;
  /** checked mode: assert SWMR + data-value after every event */
  check: boolean;
}
