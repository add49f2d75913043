/**
 * Exporters: pahole text and C both reproduce the layout (C checked by compiling it with
 * gcc and reading it back with pahole); the `show` view marks lines, pairs and uses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { paholeFromC, requireTool } from '../src/layout/from-c.ts';
import { parsePahole } from '../src/layout/pahole-parse.ts';
import { formatLayoutView, formatPahole } from '../src/layout/pahole-format.ts';
import { formatC } from '../src/layout/c-format.ts';
import { listLayouts, loadLayout } from '../src/layout/registry.ts';
import type { Layout } from '../src/layout/schema.ts';

const shape = (l: Layout) => l.fields.map((f) => ({ name: f.name, offset: f.offset, size: f.size, group: f.group ?? null }));
const EXPORTED = ['a', 'b1', 'b2', 'c_rfc', 'c', 'd', 'vma_lock'];
let fromC: Map<string, string>;

beforeAll(() => {
  try {
    requireTool('pahole', 'test/404');
  } catch (e) {
    throw new Error(`pahole is required by these tests and is missing — run scripts/setup-tools.sh (apt-get install -y dwarves): ${(e as Error).message}`);
  }
  // Every exported C struct in one header, renamed apart, compiled once.
  const dir = mkdtempSync(join(tmpdir(), 'linesim-404-'));
  try {
    const h = join(dir, 'all.h');
    const body = EXPORTED.map((n) => formatC(loadLayout(n)).replace(/^struct \w+ \{/m, `struct exp_${n} {`).replace(/^#(ifndef|define|endif).*$/gm, ''));
    writeFileSync(h, `#include "${resolve('test/fixtures/kernel-standins.h')}"\n${body.join('\n')}`);
    fromC = paholeFromC(h, EXPORTED.map((n) => `exp_${n}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('404 layout export and view', () => {
  it('SCENARIO pahole export GIVEN every shipped layout WHEN exported and re-imported THEN same fields, size and align', () => {
    for (const n of listLayouts()) {
      const l = loadLayout(n);
      const back = parsePahole(formatPahole(l), n);
      expect(shape(back), n).toEqual(shape(l));
      expect([back.size, back.align], n).toEqual([l.size, l.align]);
    }
  });

  for (const n of EXPORTED) {
    it(`SCENARIO C export GIVEN layout ${n} WHEN compiled by gcc and read by pahole THEN the offsets are the layout's`, () => {
      const got = parsePahole(fromC.get(`exp_${n}`)!, n);
      expect(shape(got)).toEqual(shape(loadLayout(n)));
      expect(got.size).toBe(loadLayout(n).size);
    });
  }

  it('SCENARIO C export GIVEN d WHEN printed THEN forced alignment and holes are explicit', () => {
    const c = formatC(loadLayout('d'));
    expect(c).toMatch(/refcount_t vm_refcnt ____cacheline_aligned_in_smp;/);
    expect(c).toMatch(/\/\* 4 bytes of padding \(44\.\.47\) \*\//);
    expect(c).toMatch(/\/\* 8 bytes of tail padding \(184\.\.191\) \*\//);
    expect(c).toMatch(/^} ____cacheline_aligned_in_smp;$/m);
  });

  it('SCENARIO view GIVEN d with pairs of 128 B WHEN shown THEN line, pair and hole markers appear in order', () => {
    const v = formatLayoutView(loadLayout('d'), { pairBytes: 128 });
    const at = (s: string) => v.indexOf(s);
    expect(at('/* --- cacheline 1 boundary (64 bytes) --- */')).toBeGreaterThan(at('anon_vma_chain'));
    expect(at('/* === 128-B pair 1 boundary === */')).toBeLessThan(at('/* --- cacheline 2 boundary (128 bytes) --- */'));
    expect(at('/* --- cacheline 2 boundary (128 bytes) --- */')).toBeLessThan(at('vm_refcnt'));
    expect(v).toMatch(/XXX 4 bytes hole/);
    expect(v).toMatch(/vm_refcnt .*\/\*   128     4 \*\/  L2 P1/);
    expect(v).toMatch(/anon_vma;.*L1 P0/);
  });

  it('SCENARIO view GIVEN b2 placed at slab offset 16 WHEN shown THEN boundaries move to object bytes 48/112/176 and straddlers are flagged', () => {
    const v = formatLayoutView(loadLayout('b2'), { slabOffset: 16 });
    expect(v).toMatch(/cacheline 1 boundary \(48 bytes\) --- \*\//);
    expect(v).toMatch(/=== 128-B pair 1 boundary ===[^]*cacheline 2 boundary \(112 bytes\)/);
    expect(v).toMatch(/cacheline 3 boundary \(176 bytes\)/);
    expect(v).toMatch(/object placed at \+16/);
    // at +0 shared.rb (56..79) straddles L0/L1; at +16 it lies in L1
    expect(formatLayoutView(loadLayout('b2'))).toMatch(/rb;.*L0\/L1 straddles/);
    expect(v).toMatch(/rb;.*L1 P0/);
  });

  it('SCENARIO field use GIVEN a FieldUse map WHEN shown THEN the annotation lists RMW, W and R paths', () => {
    const v = formatLayoutView(loadLayout('d'), {
      fieldUse: {
        vm_refcnt: { reads: [], writes: [], rmws: ['vma_start_read', 'vma_end_read'] },
        vm_flags: { reads: ['access_error'], writes: ['mprotect'], rmws: [] },
        'shared.rb': { reads: ['rb_walk'], writes: [], rmws: [] },
      },
    });
    expect(v).toMatch(/vm_refcnt .*L2 P1 RMW: vma_start_read,vma_end_read$/m);
    expect(v).toMatch(/vm_flags;.*W: mprotect  R: access_error$/m);
    expect(v).toMatch(/rb;.*R: rb_walk$/m);
    expect(v).toMatch(/vm_mm;.*L0 P0$/m);
  });
});
