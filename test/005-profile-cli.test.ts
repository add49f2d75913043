/**
 * SCENARIO: `linesim profiles list|show` print the profiles; a bad profile exits 2
 * with one line on stderr and no stack. In-process where possible (fast), one spawn
 * for the real exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('005 profiles CLI', () => {
  it('GIVEN the shipped profiles WHEN `profiles list` THEN one row per profile with topology, LLC, c2c and prefetcher', async () => {
    const r = await run(['profiles', 'list']);
    expect(r.code).toBe(0);
    const bdw = r.out.split('\n').find((l) => l.startsWith('broadwell-ep '))!;
    expect(bdw).toMatch(/2×14×2\s+2\.6\s+256 KiB\s+35 MiB\/socket\s+45 \/ 128\s+adjacent-line 128B \(mirror\/steal\/keep\)/);
    expect(r.out).toMatch(/zen4-epyc\s+2×96×2.*32 MiB\/CCX of 8\s+27 \/ 99 \/ 192\s+up-down/);
  });

  it('GIVEN a variant WHEN `profiles show` THEN numbers appear with sources and the extends chain', async () => {
    const r = await run(['profiles', 'show', 'broadwell-ep-noprefetch']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('extends: ');
    expect(r.out).toMatch(/sameSocket: 45 +\[M\] nviennot/);
    expect(r.out).toMatch(/kind: none/);
  });

  it('GIVEN a profile that names no prefetch timing WHEN `profiles show` THEN the derived lines give the defaults, and a --set one as set', async () => {
    const r = await run(['profiles', 'show', 'broadwell-ep']);
    expect(r.out).toMatch(/prefetch timing: trigger request \(default\), queue behind \(default\)/);
    const s = await run(['profiles', 'show', 'broadwell-ep', '--set', 'prefetch.queue=ahead', '--set', 'prefetch.trigger=fill']);
    expect(s.out).toMatch(/prefetch timing: trigger fill, queue ahead/);
  });

  it('GIVEN --json and --set WHEN `profiles show` THEN the effective JSON has the override with its source', async () => {
    const r = await run(['profiles', 'show', 'skylake-sp', '--json', '--set', 'l2.kib=2048']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.profile.l2.kib).toEqual({ v: 2048, src: 'override: --set l2.kib=2048' });
    expect(j.overrides).toEqual(['--set l2.kib=2048']);
  });

  it('GIVEN an unknown name WHEN `profiles show` THEN exit 2 and one line listing known names', async () => {
    const r = await run(['profiles', 'show', 'pentium-4']);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^linesim: profile: unknown profile "pentium-4"; known profiles: .*granite-rapids/);
  });

  it('GIVEN a bad profile file WHEN the real CLI runs THEN exit code 2, one stderr line naming file and path, no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linesim-cli-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ extends: 'broadwell-ep', l2: { kibb: { v: 1, src: '[E] x' } } }));
    const r = spawnSync(process.execPath, ['--import', 'tsx/esm', 'src/cli/main.ts', 'profiles', 'show', bad], { cwd: ROOT, encoding: 'utf8' });
    const lines = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('npm warn'));
    expect(r.status).toBe(2);
    expect(lines).toEqual([`linesim: ${bad}: l2.kibb: unknown key`]);
    expect(r.stdout).toBe('');
  }, 30_000);
});
