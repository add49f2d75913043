/** Validate user input with a zod schema; the first issue becomes one InputError with its JSON path. */
import type { z } from 'zod';
import { InputError, jsonPath } from './errors.ts';

export function parseInput<T extends z.ZodType>(schema: T, block: unknown, source: string, prefix: string): z.infer<T> {
  const r = schema.safeParse(block);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError(source, jsonPath([prefix, ...issue.path]), issue.message);
  }
  return r.data;
}
