/**
 * The hand-computed offsets in layouts/*.json, checked against what gcc + the real
 * pahole compute for the same structs (test/fixtures/vma-variants.h, same-size
 * stand-in types). pahole must be installed (scripts/setup-tools.sh); no silent skip.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { paholeFromC, requireTool } from '../src/layout/from-c.ts';
import { parsePahole } from '../src/layout/pahole-parse.ts';
import { loadLayout } from '../src/layout/registry.ts';
import type { Layout } from '../src/layout/schema.ts';

const VARIANTS = ['a', 'b1', 'b2', 'c_rfc', 'c', 'd'];
const STRUCTS = [...VARIANTS.map((v) => `vma_${v}`), 'vma_lock'];
let dumps: Map<string, string>;

const shape = (l: Layout) => l.fields.map((f) => ({ name: f.name, offset: f.offset, size: f.size, group: f.group ?? null }));

beforeAll(() => {
  try {
    requireTool('pahole', 'test/402');
  } catch (e) {
    throw new Error(`pahole is required by these tests and is missing — run scripts/setup-tools.sh (apt-get install -y dwarves): ${(e as Error).message}`);
  }
  dumps = paholeFromC('test/fixtures/vma-variants.h', STRUCTS); // one gcc run for all
});

describe('402 shipped layouts match gcc + pahole', () => {
  for (const v of VARIANTS) {
    it(`SCENARIO variant ${v} GIVEN its C rebuild WHEN pahole lays it out THEN every field's offset, size and union group equal layouts/${v}.json`, () => {
      const got = parsePahole(dumps.get(`vma_${v}`)!, `vma_${v}`);
      const want = loadLayout(v);
      expect(got.size).toBe(want.size);
      expect(got.align).toBe(want.align);
      expect(shape(got)).toEqual(shape(want));
    });
  }

  it('SCENARIO vma_lock GIVEN struct vma_lock { rw_semaphore } WHEN laid out THEN 40 bytes with the shipped member offsets', () => {
    const got = parsePahole(dumps.get('vma_lock')!, 'vma_lock');
    expect(got.size).toBe(40);
    expect(shape(got)).toEqual(shape(loadLayout('vma_lock')));
  });

  it('SCENARIO d from the patch mail GIVEN the v10 13/18 pahole dump WHEN compared with our gcc rebuild THEN identical', async () => {
    const { readFileSync } = await import('node:fs');
    const mail = parsePahole(readFileSync('test/fixtures/d-v6.15.pahole.txt', 'utf8'), 'mail');
    expect(shape(parsePahole(dumps.get('vma_d')!, 'vma_d'))).toEqual(shape(mail));
  });
});
