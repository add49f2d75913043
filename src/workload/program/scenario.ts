/**
 * One scenario of the `program` kind as threads: each role's threads get CPUs (the role's
 * "cpus", else the scenario's placement), a compiled program and their role's name for
 * per-role metrics. Errors are StepErrors with the JSON path under the workload block.
 */
import { cpuOf } from '../collect.ts';
import type { PlacedObject } from '../arena.ts';
import type { PointThread } from '../run-point.ts';
import type { SiteTable } from '../sites.ts';
import { compileProgram, StepError } from './compile.ts';
import type { ProgramWorkload, Scenario } from './schema.ts';

export interface CpuShape { sockets: number; coresPerSocket: number; smt: number }

/** Role j's name in per-role.csv: its "name", else "role<j>". */
export const roleName = (sc: Scenario, j: number): string => sc.roles[j]!.name ?? `role${j}`;

/**
 * Threads of scenario `sc` (index `at` in the workload's scenarios) at `threads` threads;
 * `autoCpus(n)` gives the placement's first n CPUs.
 */
export function compileScenario(
  w: ProgramWorkload, sc: Scenario, at: number, objects: Map<string, PlacedObject[]>, threads: number,
  m: CpuShape, autoCpus: (n: number) => number[], sites: SiteTable,
): PointThread[] {
  const where = `scenarios[${at}]`;
  const fixed = sc.roles.reduce((s, r) => s + (r.count === 'rest' ? 0 : r.count), 0);
  if (fixed > threads) throw new StepError(where, `scenario '${sc.name}' needs at least ${fixed} threads, the point has ${threads}`);
  const cpuAt = (j: number, k: number, spec: string) => {
    try { return cpuOf(spec, m.sockets, m.coresPerSocket, m.smt); } catch (e) { throw new StepError(`${where}.roles[${j}].cpus[${k}]`, (e as Error).message); }
  };
  const pinned = new Set(sc.roles.flatMap((r, j) => (r.cpus ?? []).map((s, k) => cpuAt(j, k, s))));
  const auto = autoCpus(threads);
  const used = new Set<number>();
  const specs: Array<{ cpu: number; role: number; index: number }> = [];
  sc.roles.forEach((r, j) => {
    const n = r.count === 'rest' ? threads - fixed : r.count;
    for (let i = 0; i < n; i++) {
      const cpu = r.cpus?.[i] !== undefined ? cpuAt(j, i, r.cpus[i]!) : auto.find((c) => !used.has(c) && !pinned.has(c));
      if (cpu === undefined) throw new StepError(where, `scenario '${sc.name}': not enough CPUs`);
      used.add(cpu);
      specs.push({ cpu, role: j, index: i });
    }
  });
  return specs.map((s, tid) => ({
    cpu: s.cpu,
    role: roleName(sc, s.role),
    program: compileProgram(sc.roles[s.role]!.program, { objects, procedures: w.procedures ?? {}, tid, role: s.index }, sites, `${where}.roles[${s.role}].program`, sc.duration),
  }));
}
