/**
 * Flag parsers shared by the CLI verbs (run, compare, regroup, headline): one behaviour
 * for every verb. Each throws an InputError naming the flag, so the CLI prints one line
 * and exits 2. Verbs import these (and run-experiment.ts), never each other.
 */
import { existsSync, statSync } from 'node:fs';
import { InputError } from '../util/errors.ts';

/** An integer ≥ `min` (default 1: "a positive integer"). */
export function posInt(flag: string, text: string, min = 1): number {
  if (!/^\s*[0-9]+\s*$/.test(text) || Number(text) < min) {
    throw new InputError(flag, '', min === 1 ? `expected a positive integer, got '${text}'` : `expected an integer ≥ ${min}, got '${text}'`);
  }
  return Number(text);
}

/** "1,4,8": positive integers, no empty entries, no duplicates. */
export function intList(flag: string, text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new InputError(flag, '', `expected a comma-separated list of positive integers, got '${text}'`);
  const out = parts.map((p) => posInt(flag, p));
  if (new Set(out).size !== out.length) throw new InputError(flag, '', `duplicate value in '${text}'`);
  return out;
}

/** "a,b": names, no empty entries, no duplicates. */
export function nameList(flag: string, text: string): string[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) throw new InputError(flag, '', `expected a comma-separated list of names, got '${text}'`);
  if (new Set(parts).size !== parts.length) throw new InputError(flag, '', `duplicate name in '${text}'`);
  return parts;
}

/** --out may name a missing or an existing directory, not a file. */
export function checkOutDir(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('--out', '', `'${out}' exists and is not a directory`);
}
