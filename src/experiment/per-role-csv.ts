/**
 * per-role.csv: one row per (point, role) for kinds that name their threads' roles (the
 * `program` kind: a scenario's roles). Points in sweep order, roles in scenario order.
 * `point` is the row number in results.csv and the axis columns are results.csv's;
 * `role_threads` is the number of threads in the role. Per iteration a role has: ops
 * (measured operations), ops_per_s (ops per wall second of the role), ns_per_op (mean
 * latency of one operation: cycles between a thread's consecutive `done` steps), and that
 * latency's distribution p50/p90/p99/max (nearest rank over all the role's operations).
 * Over iterations ops_per_s is the harmonic mean (as results.csv's rates), every other
 * column the mean.
 */
import { stringify } from 'csv-stringify/sync';
import type { PointResult, RoleStat } from '../model/result-types.ts';
import { fmt, hmean, mean } from './csv.ts';

const COLUMNS: ReadonlyArray<[string, keyof RoleStat, 'hmean' | 'mean']> = [
  ['ops', 'ops', 'mean'],
  ['ops_per_s', 'opsPerSec', 'hmean'],
  ['ns_per_op', 'nsPerOp', 'mean'],
  ['p50_ns', 'p50Ns', 'mean'],
  ['p90_ns', 'p90Ns', 'mean'],
  ['p99_ns', 'p99Ns', 'mean'],
  ['max_ns', 'maxNs', 'mean'],
];

/** True when some point has per-role results (else no per-role.csv is written). */
export function hasRoles(points: readonly PointResult[]): boolean {
  return points.some((p) => p.runs.some((r) => (r.perRole?.length ?? 0) > 0));
}

export function perRoleCsv(experiment: string, columns: readonly string[], points: readonly PointResult[]): string {
  const header = ['experiment', 'point', ...columns, 'role', 'role_threads', ...COLUMNS.map(([c]) => c)];
  const rows: string[][] = [];
  points.forEach((p, i) => {
    const roles: string[] = [];
    for (const r of p.runs) for (const s of r.perRole ?? []) if (!roles.includes(s.role)) roles.push(s.role);
    for (const role of roles) {
      const stats = p.runs.map((r) => r.perRole?.find((s) => s.role === role));
      const threads = stats.find((s) => s !== undefined)!.threads;
      const of = (k: keyof RoleStat, how: 'hmean' | 'mean') => {
        const xs = stats.map((s) => Number(s?.[k] ?? 0));
        return how === 'hmean' ? hmean(xs) : mean(xs);
      };
      rows.push([experiment, String(i), ...columns.map((c) => String(p.coords[c] ?? '')), role, String(threads), ...COLUMNS.map(([, k, how]) => fmt(of(k, how)))]);
    }
  });
  return stringify([header, ...rows]);
}
