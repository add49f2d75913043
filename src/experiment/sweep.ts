/**
 * The sweep: the cartesian product of the experiment's axes minus its excludes.
 * Pure and deterministic — the point index is the position in this list, and every
 * output (results.json, results.csv) is in this order whatever the worker count.
 */
import type { PointCoords } from '../model/result-types.ts';

export type AxisValue = string | number;

export interface Axis {
  name: string;
  values: readonly AxisValue[];
}

export interface SweepPoint {
  /** position in the sweep after excludes (0-based) */
  index: number;
  coords: PointCoords;
}

/** Does `coords` match every key of the partial coordinate `pattern`? (3 matches "3") */
export function matches(coords: PointCoords, pattern: Readonly<Record<string, AxisValue>>): boolean {
  return Object.entries(pattern).every(([k, v]) => k in coords && String(coords[k]) === String(v));
}

/**
 * Product of `axes`, first axis outermost (last varies fastest). Coordinates are
 * emitted with keys in `columns` order (so CSV columns and JSON keys agree), then
 * points matching any `exclude` entry are dropped and the rest numbered.
 */
export function buildSweep(
  axes: readonly Axis[],
  columns: readonly string[],
  exclude: ReadonlyArray<Readonly<Record<string, AxisValue>>> = [],
): SweepPoint[] {
  const names = new Set(axes.map((a) => a.name));
  for (const c of columns) if (!names.has(c)) throw new Error(`sweep column '${c}' is not an axis`);
  let partial: Array<Record<string, AxisValue>> = [{}];
  for (const axis of axes) {
    const next: Array<Record<string, AxisValue>> = [];
    for (const p of partial) for (const v of axis.values) next.push({ ...p, [axis.name]: v });
    partial = next;
  }
  const out: SweepPoint[] = [];
  for (const p of partial) {
    const coords: PointCoords = {};
    for (const c of columns) coords[c] = p[c]!;
    if (exclude.some((e) => matches(coords, e))) continue;
    out.push({ index: out.length, coords });
  }
  return out;
}
