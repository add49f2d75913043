/** `linesim layout …` end to end, in-process through main(): output and exit codes. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'linesim-405-'));
afterEach(() => vi.restoreAllMocks());

describe('405 layout CLI', () => {
  it('SCENARIO list GIVEN the shipped layouts WHEN listed THEN one row each with size, lines, objectAlign, flags', async () => {
    const r = await run('layout', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^d\s+192\s+3\s+64\s+HWCACHE_ALIGN\|TYPESAFE_BY_RCU/m);
    expect(r.out).toMatch(/^b2\s+184\s+3\s+16\s+-/m);
  });

  it('SCENARIO import GIVEN the v6.15 pahole dump WHEN imported to a file THEN the JSON loads back as a layout', async () => {
    const out = join(dir, 'd.json');
    const r = await run('layout', 'import', 'test/fixtures/d-v6.15.pahole.txt', '--name', 'd_import', '--out', out);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j).toMatchObject({ name: 'd_import', size: 192 });
    const s = await run('layout', 'show', out);
    expect(s.out).toMatch(/vm_refcnt .*L2 P1/);
  });

  it('SCENARIO bad pahole GIVEN a garbled dump WHEN imported THEN exit 2, one line naming file and line, no output file', async () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, readFileSync('test/fixtures/d-v6.15.pahole.txt', 'utf8').replace('vm_mm;', 'vm_mm'));
    const out = join(dir, 'never.json');
    const r = await run('layout', 'import', bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^linesim: ${bad}: line 9: cannot parse member declaration 'struct mm_struct \\*\\s+vm_mm`));
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('SCENARIO export GIVEN layout d WHEN exported as pahole and json THEN both re-load', async () => {
    const p = join(dir, 'd.txt');
    expect((await run('layout', 'export', 'd', '--format', 'pahole', '--out', p)).code).toBe(0);
    expect((await run('layout', 'show', p)).out).toMatch(/size: 192, cachelines: 3/);
    const j = await run('layout', 'export', 'd', '--format', 'json');
    expect(JSON.parse(j.out).name).toBe('d');
    expect((await run('layout', 'export', 'd', '--format', 'c')).out).toMatch(/struct vm_area_struct \{/);
  });

  it('SCENARIO show with uses GIVEN a FieldUse JSON WHEN shown THEN annotations; an unknown field is an input error', async () => {
    const u = join(dir, 'use.json');
    writeFileSync(u, JSON.stringify({ vm_lock_seq: { reads: ['vma_start_read'], writes: [], rmws: [] } }));
    const r = await run('layout', 'show', 'b2', '--workload', u, '--slab-offset', '16');
    expect(r.out).toMatch(/vm_lock_seq;.*L0 P0 R: vma_start_read/);
    writeFileSync(u, JSON.stringify({ vm_lock_sq: { reads: ['x'], writes: [], rmws: [] } }));
    const e = await run('layout', 'show', 'b2', '--workload', u);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/use\.json: vm_lock_sq: no field 'vm_lock_sq' in layout b2/);
  });

  it('SCENARIO from-c GIVEN the variants header WHEN --struct vma_c THEN the lock lands at 192', async () => {
    const r = await run('layout', 'from-c', 'test/fixtures/vma-variants.h', '--struct', 'vma_c');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.fields.find((f: { name: string }) => f.name === 'vm_lock.lock.count').offset).toBe(192);
    const miss = await run('layout', 'from-c', 'test/fixtures/vma-variants.h', '--struct', 'no_such');
    expect(miss.code).toBe(2);
    expect(miss.err).toMatch(/^linesim: test\/fixtures\/vma-variants\.h: /);
  });

  it('SCENARIO unknown layout GIVEN show b3 WHEN run THEN exit 2 listing known names', async () => {
    const r = await run('layout', 'show', 'b3');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^linesim: b3: unknown layout; known layouts: a, b1, b2/);
  });

  it('SCENARIO help GIVEN layout show --help WHEN run THEN it teaches with an example', async () => {
    const r = await run('layout', 'show', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Example:\n\s+linesim layout show b2/);
  });
});
