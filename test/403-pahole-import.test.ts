/**
 * pahole text → layout: the v6.15 dump from the patch mail, the real pahole on C with
 * every feature we claim to handle, and malformed dumps (InputError naming the line).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../src/util/errors.ts';
import { paholeFromC, requireTool } from '../src/layout/from-c.ts';
import { parsePahole } from '../src/layout/pahole-parse.ts';
import { formatPahole } from '../src/layout/pahole-format.ts';
import { loadLayout, parseLayoutText } from '../src/layout/registry.ts';
import type { Layout } from '../src/layout/schema.ts';

const D_DUMP = readFileSync('test/fixtures/d-v6.15.pahole.txt', 'utf8');
const shape = (l: Layout) => l.fields.map((f) => ({ name: f.name, offset: f.offset, size: f.size, group: f.group ?? null }));
let dumps: Map<string, string>;

beforeAll(() => {
  try {
    requireTool('pahole', 'test/403');
  } catch (e) {
    throw new Error(`pahole is required by these tests and is missing — run scripts/setup-tools.sh (apt-get install -y dwarves): ${(e as Error).message}`);
  }
  dumps = paholeFromC('test/fixtures/pahole-features.h', ['feat_nested', 'feat_tail']);
});

function inputError(fn: () => unknown): InputError {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(InputError); return e as InputError; }
  throw new Error('expected an InputError, none thrown');
}

describe('403 pahole import', () => {
  it('SCENARIO patch-mail dump GIVEN the v6.15 pahole text WHEN imported THEN it equals layout d field for field', () => {
    const l = parsePahole(D_DUMP, 'd.txt');
    expect(l).toMatchObject({ name: 'vm_area_struct', size: 192, align: 64 });
    expect(shape(l)).toEqual(shape(loadLayout('d')));
    expect(l.fields.find((f) => f.name === 'vm_refcnt')?.align).toBe(64);
  });

  it('SCENARIO round trip GIVEN the d dump WHEN import → export → import THEN identical layouts', () => {
    const once = parsePahole(D_DUMP, 'd.txt');
    const twice = parsePahole(formatPahole(once), 'export');
    expect(twice).toEqual({ ...once, source: twice.source });
  });

  it('SCENARIO content detection GIVEN a pahole dump path-less text WHEN parsed via the registry THEN it is read as pahole', () => {
    expect(parseLayoutText(D_DUMP, 'd.txt').size).toBe(192);
  });

  it('SCENARIO real pahole GIVEN nested unions, anonymous structs, holes, bitfields, arrays, fn pointers, aligned WHEN imported THEN flattened correctly', () => {
    const l = parsePahole(dumps.get('feat_nested')!, 'feat_nested');
    const by = Object.fromEntries(l.fields.map((f) => [f.name, f]));
    expect(by.lo).toMatchObject({ offset: 0, size: 8, group: 'union@lo' });
    expect(by.hi).toMatchObject({ offset: 8, size: 8, group: 'union@lo' });
    expect(by.rcu).toMatchObject({ offset: 0, size: 16, group: 'union@lo' });
    expect(by.flag).toMatchObject({ offset: 16, size: 1 });
    expect(by.seq).toMatchObject({ offset: 20, size: 4 });
    expect(by.kind).toMatchObject({ offset: 24, size: 1, bits: { offset: 0, width: 3 } });
    expect(by.prio).toMatchObject({ offset: 24, size: 1, bits: { offset: 3, width: 5 } });
    expect(by.big).toMatchObject({ offset: 25, size: 2, bits: { offset: 0, width: 12 } });
    expect(by.name).toMatchObject({ type: 'char[13]', size: 13 });
    expect(by.cb).toMatchObject({ type: 'void (*)(int, char *)', size: 8 });
    expect(by['shared.rb']).toMatchObject({ offset: 48, size: 24 });
    expect(by['u.x']).toMatchObject({ group: 'u', size: 4 });
    expect(by['u.s.p']).toMatchObject({ group: 'u', size: 2 });
    expect(by['u.s.q']).toMatchObject({ group: 'u', size: 2 });
    expect(by.hot).toMatchObject({ offset: 128, size: 4, align: 64 });
    expect(by['outer.lock.count']).toMatchObject({ offset: 136, size: 8 });
    expect(by['outer.lock.owner']).toMatchObject({ offset: 144, size: 8 });
    expect(l).toMatchObject({ size: 192, align: 64 });
    expect(by.flag!.group).toBeUndefined();
  });

  it('SCENARIO real pahole round trip GIVEN both feature structs WHEN import → export → import THEN identical', () => {
    for (const s of ['feat_nested', 'feat_tail']) {
      const once = parsePahole(dumps.get(s)!, s);
      const twice = parsePahole(formatPahole(once), s);
      expect(twice).toEqual(once);
    }
    expect(parsePahole(dumps.get('feat_tail')!, 'feat_tail')).toMatchObject({ size: 16, align: 8 });
  });

  const lines = D_DUMP.split('\n');
  const edit = (i: number, text: string) => lines.map((l, k) => (k === i ? text : l)).join('\n');
  const idx = (needle: string) => lines.findIndex((l) => l.includes(needle));
  const malformed: Array<[string, () => string, RegExp, RegExp]> = [
    ['a garbled member', () => edit(idx('vm_page_prot'), '    pgprot_t vm_page_prot /* 24 8 */'), new RegExp(`^line ${idx('vm_page_prot') + 1}$`), /cannot parse member declaration 'pgprot_t vm_page_prot/],
    ['no footer', () => lines.filter((l) => !l.includes('size: 192')).join('\n'), /^line \d+$/, /missing '\/\* size: N, cachelines: M \*\/' footer/],
    ['a footer size too small', () => edit(idx('size: 192'), '    /* size: 128, cachelines: 2, members: 18 */'), new RegExp(`^line ${idx('size: 192') + 1}$`), /smaller than the last member's end 184/],
    ['inconsistent cachelines', () => edit(idx('size: 192'), '    /* size: 192, cachelines: 4, members: 18 */'), new RegExp(`^line ${idx('size: 192') + 1}$`), /cachelines: 4 but size 192 spans 3/],
    ['truncated input', () => lines.slice(0, 20).join('\n'), /^line \d+$/, /unexpected end of input inside a struct opened at line 1/],
    ['not a struct', () => 'hello\n', /^line 1$/, /expected 'struct NAME \{'/],
    ['overlapping members', () => edit(idx('vm_page_prot'), '    pgprot_t                   vm_page_prot;        /*    20     8 */'), /fields\[\d+\] \(vm_page_prot\)/, /overlaps 'vm_mm'/],
    ['a bad nested close', () => edit(idx('shared;'), '    } shared /* 136 32 */'), new RegExp(`^line ${idx('shared;') + 1}$`), /cannot parse the end of a nested struct/],
    ['two structs', () => D_DUMP + '\nstruct x {\n', /^line \d+$/, /unexpected text after the struct's closing brace/],
  ];
  for (const [what, text, where, reason] of malformed) {
    it(`SCENARIO malformed dump GIVEN ${what} WHEN imported THEN one InputError names the line and reason`, () => {
      const e = inputError(() => parsePahole(text(), 'dump.txt'));
      expect(e.source).toBe('dump.txt');
      expect(e.where).toMatch(where);
      expect(e.reason).toMatch(reason);
    });
  }
});
