/**
 * Checks of a `program` workload that need more than its schema: loops that could spin
 * without simulated time passing (static), and, per planned point, the scenario's roles
 * against the point's thread count and CPUs and every reference against the objects as
 * placed with their real layouts. Run before anything is written.
 */
import { InputError } from '../../util/errors.ts';
import { cpuOf } from '../collect.ts';
import type { PointSpec } from '../../model/point-spec.ts';
import type { ProgramWorkload, Step } from './schema.ts';

const TIMED = ['read', 'write', 'rmw', 'cas', 'work'] as const;
/** A repeat this long with no timed step would trip the run loop's endless-loop guard. */
const UNTIMED_REPEAT_MAX = 10_000;

/** Does `steps` contain a step that takes simulated time (directly, nested, or in a called procedure)? */
function hasTimed(steps: readonly Step[], procs: Record<string, Step[]>, seen: Set<string>): boolean {
  return steps.some((s) => {
    if (TIMED.some((k) => k in s)) return true;
    if ('repeat' in s || 'while' in s || 'until' in s) return hasTimed(s.body, procs, seen);
    if ('if' in s) return hasTimed(s.then, procs, seen) || hasTimed(s.else ?? [], procs, seen);
    if ('call' in s && Object.hasOwn(procs, s.call) && !seen.has(s.call)) {
      seen.add(s.call);
      return hasTimed(procs[s.call]!, procs, seen);
    }
    return false;
  });
}

/** Loops must contain a timed step: a register-only loop spins without time passing. */
function checkLoops(steps: readonly Step[], procs: Record<string, Step[]>, path: string, fail: (where: string, why: string) => never): void {
  steps.forEach((s, i) => {
    const at = `${path}[${i}]`;
    if ('while' in s || 'until' in s) {
      if (!hasTimed(s.body, procs, new Set())) fail(at, `a ${'while' in s ? 'while' : 'until'} loop needs a memory access or work step in its body (a register-only loop spins without simulated time)`);
      checkLoops(s.body, procs, `${at}.body`, fail);
    } else if ('repeat' in s) {
      if (s.repeat > UNTIMED_REPEAT_MAX && !hasTimed(s.body, procs, new Set())) fail(at, `a repeat of more than ${UNTIMED_REPEAT_MAX} needs a memory access or work step in its body`);
      checkLoops(s.body, procs, `${at}.body`, fail);
    } else if ('if' in s) {
      checkLoops(s.then, procs, `${at}.then`, fail);
      checkLoops(s.else ?? [], procs, `${at}.else`, fail);
    }
  });
}

export function staticChecks(w: ProgramWorkload, source: string, prefix: string): void {
  const fail = (where: string, why: string): never => { throw new InputError(source, `${prefix}.${where}`, why); };
  const procs = w.procedures ?? {};
  for (const [n, body] of Object.entries(procs)) checkLoops(body, procs, `procedures.${n}`, fail);
  w.scenarios.forEach((sc, i) => sc.roles.forEach((r, j) => checkLoops(r.program, procs, `scenarios[${i}].roles[${j}].program`, fail)));
}

/** Per point: enough threads for the fixed roles, pinned CPUs that exist on the point's machine. */
export function checkScenarioAtPoint(w: ProgramWorkload, spec: PointSpec, source: string): void {
  const i = w.scenarios.findIndex((s) => s.name === String(spec.coords.scenario ?? w.scenarios[0]!.name));
  const sc = w.scenarios[i]!;
  const m = spec.machine;
  const hw = m.sockets * m.coresPerSocket * m.smt;
  const fixed = sc.roles.reduce((s, r) => s + (r.count === 'rest' ? 0 : r.count), 0);
  if (fixed > spec.threads) {
    throw new InputError(source, `workload.scenarios[${i}].roles`, `scenario '${sc.name}' has ${fixed} threads in fixed-count roles, more than the ${spec.threads} thread(s) of a point (raise "threads" or exclude those points)`);
  }
  sc.roles.forEach((r, j) => r.cpus?.forEach((c, k) => {
    let cpu: number;
    try { cpu = cpuOf(c, m.sockets, m.coresPerSocket, m.smt); } catch (e) {
      throw new InputError(source, `workload.scenarios[${i}].roles[${j}].cpus[${k}]`, `${(e as Error).message} (profile ${m.name})`);
    }
    if (cpu >= hw) throw new InputError(source, `workload.scenarios[${i}].roles[${j}].cpus[${k}]`, `CPU ${cpu} does not exist on profile ${m.name} (${hw} hardware threads)`);
  }));
}
