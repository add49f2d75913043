/**
 * Builds the shared kernel objects of a pft point: which objects are on (workload block,
 * minus the ablation axis `kernelObjectsOff`), the constants (with `kc.<name>` axis
 * overrides), and per thread its NUMA node and the seeded phases of its per-CPU batches.
 */
import type { PointSpec } from '../../model/point-spec.ts';
import type { Topology } from '../../model/topology/topology.ts';
import { deriveSeed } from '../../util/rng.ts';
import type { Arena } from '../../workload/arena.ts';
import { kernelConstants, type KernelObjectName } from './constants.ts';
import type { SharedKernelThread } from './fault.ts';
import { placeSharedKernel, type SharedKernelWorld } from './world.ts';

export function enabledObjects(spec: PointSpec, listed: readonly KernelObjectName[]): KernelObjectName[] {
  const off = spec.params.kernelObjectsOff;
  if (off === 'all') return [];
  return listed.filter((o) => o !== off);
}

export function placeSharedForPoint(spec: PointSpec, arena: Arena, listed: readonly KernelObjectName[], processes = 1): SharedKernelWorld | undefined {
  const on = enabledObjects(spec, listed);
  if (on.length === 0) return undefined;
  return placeSharedKernel(arena, spec.machine, spec.threads, on, kernelConstants(spec.params), processes);
}

/** Per-thread view: node = the socket of its CPU; `proc` = its process (its mm's RSS counter); batch phases drawn from (seed, iteration, thread). */
export function sharedThread(w: SharedKernelWorld, topo: Topology, cpu: number, tid: number, seed: number, it: number, proc = 0, unmapEvery = 1): SharedKernelThread {
  const draw = (salt: number, batch: number) => (deriveSeed(seed, it, tid, salt) >>> 0) % Math.max(1, Math.round(batch));
  return {
    w, tid, proc, node: topo.socketOfCore[topo.coreOfCpu[cpu]!]!,
    phase: { lru: draw(1, w.k.lruBatch), zone: draw(2, w.k.pcpBatch), memcg: draw(3, w.k.memcgBatch), rss: draw(4, w.rssBatch), unmap: draw(5, unmapEvery) },
  };
}

