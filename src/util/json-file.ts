/** Read a JSON input file; a missing, unreadable or malformed file is one InputError naming it. */
import { readFileSync } from 'node:fs';
import { InputError } from './errors.ts';

export function readJsonFile(path: string, missingHint = ''): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(path, '', code === 'ENOENT' ? `no such file${missingHint}` : `cannot read: ${code ?? String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(path, '', `not valid JSON: ${(e as Error).message}`);
  }
}
