/** PointSpecs for the kernel workloads (pft, spf) on a shipped profile and shipped layouts. */
import { loadLayout, toResolvedLayout } from '../../src/layout/registry.ts';
import type { PointSpec } from '../../src/model/point-spec.ts';
import { profileConfig } from './machine.ts';

export function kernelSpec(layout: string, workload: Record<string, unknown>, o: { threads?: number; profile?: string; prefetch?: string; check?: boolean; params?: Record<string, number>; seed?: number } = {}): PointSpec {
  const r = (n: string) => toResolvedLayout(loadLayout(n));
  return {
    experiment: 'test', coords: { layout }, workload,
    machine: profileConfig(o.profile ?? 'broadwell-ep', o.prefetch ?? 'on'),
    layouts: { main: r(layout), vma_lock: r('vma_lock'), mm_struct: r('mm_struct') },
    params: o.params ?? {}, threads: o.threads ?? 4, iterations: 1, seed: o.seed ?? 1, check: o.check ?? true,
  };
}
