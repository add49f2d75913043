/**
 * Turn a zod failure into ONE InputError naming file, JSON path and reason.
 * Only the first issue is reported: one fix at a time reads better than a wall of text,
 * and the CLI contract is one line.
 */
import type { z } from 'zod';
import { InputError, jsonPath } from '../util/errors.ts';

/** Join a prefix such as "profiles[1].overrides" with a relative path ("l2.kib", "[0]"). */
export function joinPath(prefix: string, rest: string): string {
  if (prefix === '' || prefix === '(root)') return rest;
  if (rest === '(root)' || rest === '') return prefix;
  return rest.startsWith('[') ? prefix + rest : `${prefix}.${rest}`;
}

/** Value at a zod path inside `input`, or undefined if any step is missing. */
function at(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let x = input;
  for (const k of path) {
    if (typeof x !== 'object' || x === null) return undefined;
    x = (x as Record<PropertyKey, unknown>)[k];
  }
  return x;
}

/**
 * One InputError for the first zod issue. `input` is the validated value, used to tell
 * a missing field ("required") from a present one of the wrong type.
 */
export function issueToInputError(
  source: string, prefix: string, error: z.ZodError, input: unknown, suffix = '',
): InputError {
  const issue = error.issues[0]!;
  let path: PropertyKey[] = [...issue.path];
  let reason = issue.message;
  if (issue.code === 'unrecognized_keys') {
    // zod reports the object; users want the offending key in the path.
    const keys = (issue as { keys: string[] }).keys;
    path = [...path, keys[0]!];
    reason = keys.length > 1 ? `unknown key (also unknown: ${keys.slice(1).join(', ')})` : 'unknown key';
  } else if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && at(input, path) === undefined) {
    reason = 'required';
  }
  return new InputError(source, joinPath(prefix, jsonPath(path)), reason + suffix);
}

/** Parse JSON text; a syntax error becomes an InputError with a line number. */
export function parseJsonText(source: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let where = '';
    if (m) where = `line ${text.slice(0, Number(m[1])).split('\n').length}`;
    throw new InputError(source, where, `invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`);
  }
}
