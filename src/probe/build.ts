/**
 * Compile the shipped C microbenchmarks (probe/c/*.c) with the system C compiler into
 * a temporary directory. $CC is tried first, then cc, then gcc; none found is one clear
 * error naming the tools tried.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../util/errors.ts';

export const PROBE_C_DIR = fileURLToPath(new URL('../../probe/c/', import.meta.url));

function works(cc: string, env: NodeJS.ProcessEnv): string | null {
  const r = spawnSync(cc, ['--version'], { encoding: 'utf8', timeout: 10_000, env });
  return r.status === 0 ? (r.stdout.split('\n')[0] ?? cc).trim() : null;
}

export interface Built { binary: string; dir: string; compiler: string }

export function buildProbe(env: NodeJS.ProcessEnv = process.env): Built {
  const candidates = [...(env.CC ? [env.CC] : []), 'cc', 'gcc'];
  let cc: string | undefined;
  let version = '';
  for (const c of candidates) {
    const v = works(c, env);
    if (v) { cc = c; version = v; break; }
  }
  if (!cc) {
    throw new InputError('probe', '', `no C compiler found (tried ${candidates.join(', ')}); install gcc (Debian: apt-get install gcc) or set CC`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'linesim-probe-'));
  const binary = join(dir, 'linesim-probe');
  const sources = readdirSync(PROBE_C_DIR).filter((f) => f.endsWith('.c')).sort().map((f) => join(PROBE_C_DIR, f));
  const r = spawnSync(cc, ['-O2', '-pthread', '-o', binary, ...sources], { encoding: 'utf8', timeout: 120_000, env });
  if (r.status !== 0) {
    const first = (r.stderr || r.error?.message || '').split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
    throw new InputError('probe', '', `compiling probe/c with ${cc} failed: ${first.trim()}`);
  }
  return { binary, dir, compiler: `${cc}: ${version}` };
}
