/**
 * Profiles by name. A profile is `cpu-profiles/<name>.json` (the file stem is the name);
 * callers may add search directories (searched first) or pass a path to a .json file.
 * Loading resolves the `extends` chain (child fields override parent fields one by one)
 * and validates the merged result, so every problem is reported against a file and path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../util/errors.ts';
import { issueToInputError, parseJsonText } from './issues.ts';
import { deepMerge, validateEffective } from './merge.ts';
import { ProfileFileSchema } from './schema.ts';
import type { EffectiveProfile } from './types.ts';

/** The shipped profiles, found relative to this module (works from any cwd). */
export const PROFILE_DIR = fileURLToPath(new URL('../../cpu-profiles/', import.meta.url));

export interface RegistryOptions {
  /** extra directories of <name>.json profiles, searched before the shipped ones */
  dirs?: string[];
}

/** Where a reference to a profile was written, for error messages. */
export interface RefOrigin {
  file: string;
  path: string;
}

export interface ProfileEntry {
  name: string;
  file: string;
}

const stem = (file: string) => basename(file).replace(/\.json$/, '');

function searchDirs(opts: RegistryOptions): string[] {
  return [...(opts.dirs ?? []).map((d) => resolve(d)), PROFILE_DIR];
}

/** All profiles visible with these options; a name in an extra dir shadows a shipped one. */
export function listProfiles(opts: RegistryOptions = {}): ProfileEntry[] {
  const byName = new Map<string, string>();
  for (const dir of searchDirs(opts)) {
    if (!existsSync(dir)) throw new InputError(dir, '', 'profile directory not found');
    for (const f of readdirSync(dir).sort()) {
      if (f.endsWith('.json') && !byName.has(stem(f))) byName.set(stem(f), join(dir, f));
    }
  }
  return [...byName].map(([name, file]) => ({ name, file })).sort((a, b) => a.name.localeCompare(b.name));
}

/** A reference is a path if it names a .json file or contains a slash; otherwise a name. */
export function isPathRef(ref: string): boolean {
  return ref.endsWith('.json') || ref.includes('/') || ref.includes('\\');
}

/**
 * Resolve a profile name or path to a file. Paths are relative to `relativeTo`
 * (default: cwd). Names are looked up in `firstDir` (the referencing file's directory,
 * for extends), then the search dirs. `skipFile` is never returned for a name, so
 * `my-dir/broadwell-ep.json` may say `"extends": "broadwell-ep"` to mean the shipped one.
 */
export function resolveProfileRef(
  ref: string,
  opts: RegistryOptions = {},
  origin: RefOrigin = { file: ref, path: '' },
  relativeTo = process.cwd(),
  firstDir?: string,
  skipFile?: string,
): string {
  if (isPathRef(ref)) {
    const file = resolve(relativeTo, ref);
    if (!existsSync(file)) throw new InputError(origin.file, origin.path, `profile file not found: ${file}`);
    return file;
  }
  for (const dir of [...(firstDir ? [firstDir] : []), ...searchDirs(opts)]) {
    const file = join(dir, `${ref}.json`);
    if (file !== skipFile && existsSync(file)) return file;
  }
  const known = listProfiles(opts).map((e) => e.name).join(', ');
  const reason = `unknown profile "${ref}"; known profiles: ${known}`;
  // When the reference is the bare name itself, don't repeat it as the "file".
  if (origin.file === ref && origin.path === '') throw new InputError('profile', '', reason);
  throw new InputError(origin.file, origin.path, reason);
}

function readProfileFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(file, '', code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(e)})`);
  }
  const json = parseJsonText(file, text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(file, '(root)', 'a profile must be a JSON object');
  }
  const r = ProfileFileSchema.safeParse(json);
  if (!r.success) throw issueToInputError(file, '', r.error, json);
  return r.data as Record<string, unknown>;
}

/** Read a file and its extends chain; returns the merged raw data and the chain (leaf first). */
function loadChain(file: string, opts: RegistryOptions, seen: string[]): { data: Record<string, unknown>; chain: string[] } {
  const raw = readProfileFile(file);
  const { extends: parentRef, $schema: _schema, ...own } = raw as Record<string, unknown> & { extends?: string };
  if (parentRef === undefined) return { data: own, chain: [file] };
  const parentFile = resolveProfileRef(parentRef, opts, { file, path: 'extends' }, dirname(file), dirname(file), file);
  const cycle = [...seen, file];
  if (cycle.includes(parentFile)) {
    const names = [...cycle.slice(cycle.indexOf(parentFile)), parentFile].map(stem).join(' → ');
    throw new InputError(file, 'extends', `extends cycle: ${names}`);
  }
  const parent = loadChain(parentFile, opts, cycle);
  return { data: deepMerge(parent.data, own), chain: [file, ...parent.chain] };
}

/**
 * Load a profile by name or path, extends applied and the result validated.
 * `origin` says where the reference was written (e.g. an experiment file's
 * `profiles[1].name`), so an unknown name is reported there.
 */
export function loadProfile(ref: string, opts: RegistryOptions = {}, origin?: RefOrigin, relativeTo?: string): EffectiveProfile {
  const file = resolveProfileRef(ref, opts, origin, relativeTo);
  const { data, chain } = loadChain(file, opts, []);
  const context = chain.length > 1 ? ` (after extends ${chain.slice(1).map(stem).join(' → ')})` : '';
  return { name: stem(file), file, chain, overrides: [], data: validateEffective(data, file, '', context) };
}

/** Load every visible profile (for `profiles list` and tests). */
export function loadAllProfiles(opts: RegistryOptions = {}): EffectiveProfile[] {
  return listProfiles(opts).map((e) => loadProfile(e.file, opts));
}
