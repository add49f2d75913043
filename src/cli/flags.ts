/**
 * The CLI's flag parsers, shared by every verb (run, compare, regroup, …) so one flag
 * means one thing everywhere. Each returns a checked value or throws one InputError
 * naming the flag; limits are documented here and quoted in the message.
 */
import { availableParallelism } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, oneLine } from '../util/errors.ts';

/** Largest integer any flag accepts unless it names a tighter limit. */
export const MAX_FLAG_INT = 1_000_000_000;
/** Runs per point: more than this is never needed for a mean and would run for days. */
export const MAX_ITERATIONS = 10_000;
/** Thread counts: larger than any shipped profile (2 × 64 × 2 = 256) with room for custom ones. */
export const MAX_THREADS = 4096;
/** Entries in one comma-separated list flag. */
export const MAX_LIST = 1000;
/** Worker threads: more than 4 per CPU only adds memory and scheduling overhead. */
export const maxJobs = (): number => Math.max(4, availableParallelism() * 4);

const show = (text: string) => `'${oneLine(text, 40)}'`;

export function posInt(flag: string, text: string, min = 1, max = MAX_FLAG_INT): number {
  const what = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer ≥ ${min}`;
  if (!/^\s*[0-9]+\s*$/.test(text) || Number(text) < min) throw new InputError(flag, '', `expected ${what}, got ${show(text)}`);
  const n = Number(text);
  if (n > max) throw new InputError(flag, '', `${text.trim().length > 12 ? 'value' : n} is above the limit of ${max}`);
  return n;
}

function listParts(flag: string, text: string, what: string): string[] {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new InputError(flag, '', `expected a comma-separated list of ${what}, got ${show(text)}`);
  if (parts.length > MAX_LIST) throw new InputError(flag, '', `${parts.length} entries, more than the limit of ${MAX_LIST}`);
  if (new Set(parts).size !== parts.length) throw new InputError(flag, '', `duplicate entry in ${show(text)}`);
  return parts;
}

/** "1,4,8": distinct positive integers, each at most `max`. */
export function intList(flag: string, text: string, max = MAX_THREADS): number[] {
  const out = listParts(flag, text, 'positive integers').map((p) => posInt(flag, p, 1, max));
  if (new Set(out).size !== out.length) throw new InputError(flag, '', `duplicate value in ${show(text)}`);
  return out;
}

/** "0,1,2": distinct non-negative integers. */
export function natList(flag: string, text: string, max = MAX_FLAG_INT): number[] {
  return listParts(flag, text, 'non-negative integers').map((p) => posInt(flag, p, 0, max));
}

/** "a,b": distinct non-empty names. */
export function nameList(flag: string, text: string): string[] {
  return listParts(flag, text, 'names');
}

export const iterationsFlag = (text: string): number => posInt('--iterations', text, 1, MAX_ITERATIONS);
export const threadsFlag = (text: string): number[] => intList('--threads', text, MAX_THREADS);
export const seedFlag = (text: string): number => posInt('--seed', text, 0, 2 ** 32 - 1);

/** --jobs: default one per CPU; at most maxJobs(). */
export function jobsFlag(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  const max = maxJobs();
  const n = posInt('--jobs', text, 1, Number.MAX_SAFE_INTEGER);
  if (n > max) throw new InputError('--jobs', '', `${n} is above the limit of ${max} (4 per CPU)`);
  return n;
}

/** --out must be a directory or not exist yet (it is created only after all inputs are valid). */
export function checkOutDir(out: string): void {
  if (out === '') throw new InputError('--out', '', 'expected a directory, got an empty string');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('--out', '', `'${oneLine(out, 120)}' exists and is not a directory`);
  // the nearest existing ancestor must be a directory too (else every write fails with ENOTDIR)
  for (let d = dirname(resolve(out)); ; d = dirname(d)) {
    if (existsSync(d)) {
      if (!statSync(d).isDirectory()) throw new InputError('--out', '', `'${oneLine(d, 120)}' is not a directory`);
      break;
    }
    if (dirname(d) === d) break;
  }
}
