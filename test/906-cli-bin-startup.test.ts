/**
 * SCENARIO: the `linesim` command as a user runs it — from any directory, through a
 * symlink as a global install makes one — loads only the verb it runs.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildProgram } from '../src/cli/main.ts';
import { VERBS } from '../src/cli/verbs.ts';

const BIN = resolve(import.meta.dirname, '../bin/linesim.js');

describe('SCENARIO: bin/linesim.js outside the checkout', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'linesim-906-'));

  it('GIVEN another working directory WHEN --help THEN it lists every verb and exits 0', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { cwd: tmp, encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const v of Object.keys(VERBS)) expect(r.stdout).toMatch(new RegExp(`^  ${v} `, 'm'));
  });

  it('GIVEN a symlink in a bin folder (global install) WHEN profiles list THEN the shipped profiles print', () => {
    mkdirSync(join(tmp, 'bin'));
    symlinkSync(BIN, join(tmp, 'bin/linesim'));
    const r = spawnSync(process.execPath, [join(tmp, 'bin/linesim'), 'profiles', 'list'], { cwd: tmp, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^broadwell-ep /m);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('GIVEN a bad flag WHEN run THEN one line on stderr and exit 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'profiles', 'show', 'no-such-cpu'], { cwd: tmpdir(), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('SCENARIO: verbs are loaded lazily', () => {
  it('GIVEN argv naming one verb WHEN the program is built THEN only that verb has its options', async () => {
    const p = await buildProgram(['profiles', 'list']);
    const byName = new Map(p.commands.map((c) => [c.name(), c]));
    expect([...byName.keys()]).toEqual(Object.keys(VERBS));
    expect(byName.get('profiles')!.commands.map((c) => c.name())).toContain('list');
    expect(byName.get('run')!.options).toHaveLength(0); // summary stub only
    const all = await buildProgram(['help', 'run']);
    expect(all.commands.find((c) => c.name() === 'run')!.options.length).toBeGreaterThan(3);
  });
});
