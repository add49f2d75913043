/**
 * Per-point checks of the VMA workloads (pft, spf) before anything is written: the axis
 * values they read (slabSlot, slabOffset, objectAlign, lockSlot), the layouts they need,
 * and a dry run of one fault per thread that builds the world and every program (missing
 * fields, writer counts, lock schemes fail here, not after results were started).
 */
import { InputError } from '../util/errors.ts';
import { PLACEMENTS } from '../model/topology/placement.ts';
import { KERNEL_CONSTANT_NAMES, KERNEL_OBJECTS } from './shared/constants.ts';
import type { PointResult } from '../model/result-types.ts';
import type { PointSpec } from '../model/point-spec.ts';

/** Axis rules: [min, max, extra check]; documented in README "Limits". */
export const VMA_AXES: Record<string, { min: number; max: number; pow2?: boolean; what: string }> = {
  slabSlot: { min: 0, max: 63, what: 'a slab slot' },
  lockSlot: { min: 0, max: 63, what: 'a vma_lock slab slot' },
  slabOffset: { min: 0, max: 4095, what: 'a byte offset within the page' },
  objectAlign: { min: 8, max: 4096, pow2: true, what: 'an object alignment (a power of two)' },
  exceptionCycles: { min: 0, max: 1_000_000, what: 'a number of cycles' },
};

/** Axes only pft reads (spf places its objects with the layout axes alone). */
const PFT_ONLY_AXES = ['placement', 'kernelObjectsOff', 'exceptionCycles'];

/** An axis the kind never reads would be silently ignored, so it is refused. */
function checkAxisNames(kind: 'pft' | 'spf', spec: PointSpec, source: string): void {
  const pftOnly = (name: string) => name.startsWith('kc.') || PFT_ONLY_AXES.includes(name);
  for (const name of Object.keys(spec.params)) {
    if (name in VMA_AXES && !PFT_ONLY_AXES.includes(name)) continue;
    if (kind === 'pft' && (name in VMA_AXES || pftOnly(name))) continue;
    const known = [...Object.keys(VMA_AXES).filter((a) => kind === 'pft' || !PFT_ONLY_AXES.includes(a)),
      ...(kind === 'pft' ? ['placement', 'kernelObjectsOff', 'kc.<constant>'] : [])].join(', ');
    throw new InputError(source, `axes.${name}`, `the ${kind} workload reads no axis '${name}' (it reads ${known}; workload settings such as jitter go in "workload")`);
  }
}

export function checkVmaAxes(spec: PointSpec, source: string, kind: 'pft' | 'spf' = 'pft'): void {
  checkAxisNames(kind, spec, source);
  for (const [name, v] of Object.entries(spec.params)) {
    if (!name.startsWith('kc.')) continue;
    if (!(KERNEL_CONSTANT_NAMES as string[]).includes(name.slice(3))) {
      throw new InputError(source, `axes.${name}`, `no kernel constant '${name.slice(3)}' (known: ${KERNEL_CONSTANT_NAMES.join(', ')})`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InputError(source, `axes.${name}`, `'${String(v)}' is not a non-negative number`);
  }
  const off = spec.params.kernelObjectsOff;
  if (off !== undefined && off !== 'all' && off !== 'none' && !(KERNEL_OBJECTS as readonly unknown[]).includes(off)) {
    throw new InputError(source, 'axes.kernelObjectsOff', `'${String(off)}' is not a kernel object (${KERNEL_OBJECTS.join(' | ')} | all | none)`);
  }
  const place = spec.params.placement;
  if (place !== undefined && !(PLACEMENTS as readonly unknown[]).includes(place)) {
    throw new InputError(source, 'axes.placement', `'${String(place)}' is not a placement (${PLACEMENTS.join(' | ')})`);
  }
  for (const [name, rule] of Object.entries(VMA_AXES)) {
    const v = spec.params[name];
    if (v === undefined) continue;
    const n = typeof v === 'number' ? v : NaN;
    if (!Number.isInteger(n) || n < rule.min || n > rule.max || (rule.pow2 && (n & (n - 1)) !== 0)) {
      throw new InputError(source, `axes.${name}`, `'${String(v)}' is not ${rule.what} in ${rule.min}..${rule.max}`);
    }
  }
}

const dryRuns = new Set<string>();

/** Check a pft/spf point: axes, the main layout, then one fault per thread (memoised per layout, profile, threads, workload). */
/**
 * Check a pft/spf point: axes and calibration (every point, cheap), then one fault per
 * thread, memoised per (layout, threads, workload): the profile and the axis values only
 * move objects and change timing, which the checks above already bound.
 */
export function preflightVma(kind: 'pft' | 'spf', spec: PointSpec, source: string, simulate: (s: PointSpec) => PointResult): void {
  checkVmaAxes(spec, source, kind);
  if (!spec.layouts.main) throw new InputError(source, 'layouts', `the ${kind} workload needs a vm_area_struct layout: add "layouts", e.g. ["d"]`);
  const w = spec.workload as { privateWorkCycles?: number };
  if (w.privateWorkCycles === undefined && spec.machine.calibration['pft.privateWorkCycles'] === undefined) {
    throw new InputError(source, 'profiles', `profile ${spec.machine.name} has no calibration pft.privateWorkCycles (run \`linesim calibrate pft\`, or set workload.privateWorkCycles)`);
  }
  const place = (spec.workload as { placement?: unknown }).placement;
  if (Array.isArray(place)) {
    const nCpus = spec.machine.sockets * spec.machine.coresPerSocket * spec.machine.smt;
    if (place.length < spec.threads) throw new InputError(source, 'workload.placement', `lists ${place.length} CPUs for ${spec.threads} threads`);
    const bad = place.find((c) => typeof c !== 'number' || c >= nCpus);
    if (bad !== undefined) throw new InputError(source, 'workload.placement', `CPU ${String(bad)} does not exist on ${spec.machine.name} (0..${nCpus - 1})`);
  }
  const key = JSON.stringify([spec.layouts.main, spec.threads, spec.workload]);
  if (dryRuns.has(key)) return;
  if (dryRuns.size > 10_000) dryRuns.clear();
  const workload = { ...(spec.workload as Record<string, unknown>), faultsPerThread: 1, warmupFaults: 0 } as PointSpec['workload'];
  try {
    simulate({ ...spec, workload, iterations: 1, check: false });
  } catch (e) {
    if (e instanceof InputError) throw e.source === 'workload' || e.source === '' ? new InputError(source, e.where, e.reason) : e;
    throw new InputError(source, 'layouts', `${spec.layouts.main.name}: ${(e as Error).message}`);
  }
  dryRuns.add(key);
}
