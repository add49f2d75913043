/**
 * zod issues → one InputError naming the file, the JSON path and the reason.
 * Only the first issue is reported: one line the user can act on beats a wall of text.
 */
import type { z } from 'zod';
import { InputError, jsonPath } from '../util/errors.ts';

export function issueToInputError(issue: z.core.$ZodIssue, source: string, prefix: ReadonlyArray<PropertyKey> = []): InputError {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    // Point at the unknown key itself, so the path is the thing to delete or rename.
    const key = issue.keys[0]!;
    const more = issue.keys.length > 1 ? ` (also: ${issue.keys.slice(1).join(', ')})` : '';
    return new InputError(source, jsonPath([...path, key]), `unknown key '${key}'${more}`);
  }
  if (issue.code === 'invalid_key' && issue.issues[0]) {
    // A record key failed its own check; zod's outer message ("Invalid key in record") hides why.
    return new InputError(source, jsonPath(path), `bad key: ${issue.issues[0].message}`);
  }
  return new InputError(source, jsonPath(path), issue.message);
}

/** Parse with a zod schema; on failure throw the first issue as an InputError. */
export function parseStrict<T>(schema: z.ZodType<T>, value: unknown, source: string, prefix: ReadonlyArray<PropertyKey> = []): T {
  const r = schema.safeParse(value);
  if (!r.success) throw issueToInputError(r.error.issues[0]!, source, prefix);
  return r.data;
}
