/** Read and validate a probe.json (one InputError naming the file and the JSON path or line). */
import { readFileSync } from 'node:fs';
import { InputError } from '../util/errors.ts';
import { issueToInputError, parseJsonText } from '../profile/issues.ts';
import { ProbeSchema, type Probe } from './schema.ts';

export function readProbe(file: string): Probe {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new InputError(file, '', `cannot read (${(e as NodeJS.ErrnoException).code ?? e})`); }
  const json = parseJsonText(file, text);
  const r = ProbeSchema.safeParse(json);
  if (!r.success) throw issueToInputError(file, '', r.error, json);
  return r.data;
}
