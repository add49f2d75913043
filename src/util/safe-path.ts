/**
 * Output file names derived from user strings (layout names, plot names): reduced to a
 * plain file name and checked to resolve inside the output directory, so a layout named
 * "../../x" can never write outside --out.
 */
import { relative, resolve, isAbsolute, join } from 'node:path';

/** Longest stem an output file gets from a user string. */
export const MAX_STEM = 100;

/** A plain file stem: letters, digits, . _ - (others become _), no leading dot, never empty. */
export function safeStem(name: string, fallback = 'layout'): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '_').slice(0, MAX_STEM);
  return s === '' || s === '_' ? fallback : s;
}

/** `join(dir, rel)`, refusing any result outside `dir` (a bug if it happens: callers pass safe names). */
export function joinInside(dir: string, rel: string): string {
  const p = join(dir, rel);
  const r = relative(resolve(dir), resolve(p));
  if (r === '' || r.startsWith('..') || isAbsolute(r)) throw new Error(`refusing to write '${rel}' outside ${dir}`);
  return p;
}
