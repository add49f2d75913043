/**
 * Turn a zod failure into ONE InputError naming file, JSON path and reason.
 * Only the first issue is reported: one fix at a time reads better than a wall of text,
 * and the CLI contract is one line.
 */
import type { z } from 'zod';
import { InputError, jsonPath } from '../util/errors.ts';
import { checkJsonInput, parseJsonText as parseJson } from '../util/json-file.ts';

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

type Issue = z.ZodError['issues'][number];

/**
 * A union issue (e.g. llc.snoopFilter: an object or "none") says only "no option
 * matched". When exactly one option got past the type check (the value is an object and
 * so is one option), that option's first issue is the useful one: report it instead,
 * with the full path. Otherwise keep the union's own message.
 */
function unwrapUnion(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  const branches = ((issue as { errors?: Issue[][] }).errors ?? []).filter((b) => b.length > 0);
  const typeMismatch = (b: Issue[]) => b.length === 1 && b[0]!.path.length === 0 && (b[0]!.code === 'invalid_type' || b[0]!.code === 'invalid_value');
  const matched = branches.filter((b) => !typeMismatch(b));
  if (matched.length !== 1) return issue;
  const inner = matched[0]![0]!;
  return unwrapUnion({ ...inner, path: [...issue.path, ...inner.path] } as Issue);
}

/**
 * One InputError for the first zod issue. `input` is the validated value, used to tell
 * a missing field ("required") from a present one of the wrong type.
 */
export function issueToInputError(
  source: string, prefix: string, error: z.ZodError, input: unknown, suffix = '',
): InputError {
  const issue = unwrapUnion(error.issues[0]!);
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

/** Parse JSON text; a syntax error becomes an InputError with a line number (never bytes of the file). */
export function parseJsonText(source: string, text: string): unknown {
  const value = parseJson(text, source);
  checkJsonInput(value, source);
  return value;
}
