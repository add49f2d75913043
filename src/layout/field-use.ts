/**
 * Which code paths touch which field — the annotation column of `linesim layout show`.
 * The kernel-path model derives this from its access programs; until then a JSON file
 * holding a FieldUse map can be passed with --workload.
 */
import { z } from 'zod';
import { InputError, jsonPath } from '../util/errors.ts';

export interface PathUse {
  /** paths that read the field (plain or READ_ONCE) */
  reads: string[];
  /** paths that store to it */
  writes: string[];
  /** paths that do atomic read-modify-writes (CAS, xadd) on it */
  rmws: string[];
}

/** Field name (as in the layout, e.g. "shared.rb") → the paths that touch it. */
export type FieldUse = Record<string, PathUse>;

const PathUseSchema = z.strictObject({
  reads: z.array(z.string()).default([]),
  writes: z.array(z.string()).default([]),
  rmws: z.array(z.string()).default([]),
});
const FieldUseSchema = z.record(z.string(), PathUseSchema);

export function parseFieldUse(value: unknown, source: string): FieldUse {
  const r = FieldUseSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(source, jsonPath(issue.path), issue.message);
  }
  return r.data;
}

/** One compact annotation: "RMW: a,b  W: c  R: d" (strongest access first). */
export function formatUse(u: PathUse | undefined): string {
  if (!u) return '';
  const parts: string[] = [];
  if (u.rmws.length) parts.push(`RMW: ${u.rmws.join(',')}`);
  if (u.writes.length) parts.push(`W: ${u.writes.join(',')}`);
  if (u.reads.length) parts.push(`R: ${u.reads.join(',')}`);
  return parts.join('  ');
}
