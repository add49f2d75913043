/**
 * Field-by-field deep merge (extends chains and experiment overrides), and the
 * final validation of the merged result. A sourced number `{v, src}` is a leaf: an
 * override replaces it whole, so a value never keeps a source that no longer applies.
 */
import { InputError } from '../util/errors.ts';
import { issueToInputError } from './issues.ts';
import { ProfileOverrideSchema, ProfileSchema } from './schema.ts';
import type { EffectiveProfile, ProfileData } from './types.ts';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isSourcedLeaf = (x: unknown): boolean => isObj(x) && 'v' in x;

/** Merge `patch` over `base` without mutating either. */
export function deepMerge(base: Obj, patch: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, pv] of Object.entries(patch)) {
    const bv = out[k];
    out[k] = isObj(bv) && isObj(pv) && !isSourcedLeaf(pv) && !isSourcedLeaf(bv) ? deepMerge(bv, pv) : structuredClone(pv);
  }
  return out;
}

/** Replace plain-number leaves with `{v, src}` so every effective number keeps a source. */
function sourceNumbers(x: unknown, src: string): unknown {
  if (typeof x === 'number') return { v: x, src };
  if (isObj(x) && !isSourcedLeaf(x)) {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, sourceNumbers(v, src)]));
  }
  return x;
}

/** Where an override came from, for error messages. */
export interface OverrideOrigin {
  /** the file (or pseudo-source such as "--set") to name in errors */
  file: string;
  /** JSON path of the overrides object inside that file, e.g. "profiles[1].overrides" */
  path: string;
}

/**
 * Validate a merged profile; errors name `source` and the JSON path under `prefix`.
 * `context` is appended to the reason (e.g. " (after extends broadwell-ep)").
 */
export function validateEffective(data: unknown, source: string, prefix = '', context = ''): ProfileData {
  const r = ProfileSchema.safeParse(data);
  if (!r.success) throw issueToInputError(source, prefix, r.error, data, context);
  return r.data;
}

/**
 * Apply a partial nested override to a profile, e.g. `{ l2: { kib: 512 }, prefetch: { kind: 'none' } }`.
 * Plain numbers get the source `override: <sourceLabel>`. Unknown keys and wrong types
 * become an InputError naming `origin.file` and the JSON path under `origin.path`.
 */
export function applyOverrides(
  profile: EffectiveProfile,
  overrides: unknown,
  sourceLabel: string,
  origin: OverrideOrigin = { file: sourceLabel, path: 'overrides' },
): EffectiveProfile {
  if (!isObj(overrides)) throw new InputError(origin.file, origin.path, 'overrides must be an object');
  const r = ProfileOverrideSchema.safeParse(overrides);
  if (!r.success) throw issueToInputError(origin.file, origin.path, r.error, overrides);
  const patch = sourceNumbers(r.data, `override: ${sourceLabel}`) as Obj;
  const merged = deepMerge(profile.data as unknown as Obj, patch);
  const data = validateEffective(merged, origin.file, origin.path, ` (after overriding profile ${profile.name})`);
  return { ...profile, overrides: [...profile.overrides, sourceLabel], data };
}

/**
 * Parse CLI-style `a.b.c=value` assignments into an override object.
 * Values that look like numbers become numbers, true/false become booleans.
 */
export function parseAssignments(assignments: string[], source = '--set'): Obj {
  const out: Obj = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new InputError(source, a, 'expected key.path=value');
    const keys = a.slice(0, eq).split('.');
    const raw = a.slice(eq + 1);
    const value: unknown = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    let node = out;
    keys.slice(0, -1).forEach((k) => {
      if (!isObj(node[k])) node[k] = {};
      node = node[k] as Obj;
    });
    node[keys[keys.length - 1]!] = value;
  }
  return out;
}
