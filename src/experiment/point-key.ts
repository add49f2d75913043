/**
 * Resume keys: sha256 of a canonical JSON of the fully resolved PointSpec, salted
 * with the code version. Same spec + same code → same key → a stored result may be
 * reused; any change to the config or to simulation code invalidates it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../util/list-files.ts';

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

// The TypeScript sources, also when this module runs compiled from dist/: the salt (and so
// every resume key) is then the same whether a run went through bin/linesim or tsx.
const SRC_ROOT = fileURLToPath(new URL('../../src/', import.meta.url));
/** Directories whose code decides what a point simulates to (cli/report/experiment do not). */
const SIM_DIRS = ['model', 'kernel', 'workload', 'layout', 'profile', 'util'];

const listTs = (dir: string): string[] => listFiles(dir, (name) => name.endsWith('.ts'));

let cachedSalt: string | undefined;

/**
 * Version of the stored result shape (PointResult), part of every salt: bump it when
 * results gain fields, so points stored in an older shape (before per-CPU counters:
 * format 1; before per-CPU ops and rates: 2) are simulated again even when
 * LINESIM_CODE_VERSION pins the code salt.
 */
const RESULT_FORMAT = 3;

/**
 * Code-version salt: a hash over the simulation source files. NOTE: hashing the
 * sources (not a hand-bumped version string) means nobody has to remember to bump it;
 * the cost is ~100 small file reads once per run. LINESIM_CODE_VERSION pins the salt
 * instead: for tests run while the tree is being edited, or to reuse stored points
 * across an edit known not to change results (comments, refactors) — at your own risk.
 */
export function codeVersionSalt(): string {
  const pinned = process.env.LINESIM_CODE_VERSION;
  if (pinned) return `r${RESULT_FORMAT}:pinned:${pinned}`;
  if (cachedSalt === undefined) {
    const h = createHash('sha256');
    for (const d of SIM_DIRS) {
      for (const f of listTs(join(SRC_ROOT, d))) {
        h.update(relative(SRC_ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
      }
    }
    cachedSalt = `r${RESULT_FORMAT}:${h.digest('hex').slice(0, 16)}`;
  }
  return cachedSalt;
}

/** The resume key of a point spec (hex, 32 chars is plenty to avoid collisions). */
export function pointKey(spec: unknown, salt: string = codeVersionSalt()): string {
  return createHash('sha256').update(salt).update('\0').update(canonicalJson(spec)).digest('hex').slice(0, 32);
}
