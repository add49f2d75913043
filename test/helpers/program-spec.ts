/** PointSpecs for the `program` workload kind on a shipped profile. */
import type { PointSpec } from '../../src/model/point-spec.ts';
import { profileConfig } from './machine.ts';

export function programSpec(workload: unknown, scenario: string, o: { threads?: number; profile?: string; prefetch?: string; check?: boolean; iterations?: number } = {}): PointSpec {
  return {
    experiment: 'test', coords: { scenario }, workload,
    machine: profileConfig(o.profile ?? 'broadwell-ep', o.prefetch ?? 'off'),
    layouts: {}, params: {}, threads: o.threads ?? 2, iterations: o.iterations ?? 1, seed: 7, check: o.check ?? false,
  };
}
