import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { InputError } from '../src/util/errors.ts';
import { parseLayout } from '../src/layout/validate.ts';
import { listLayouts, loadLayout, toResolvedLayout, LAYOUTS_DIR } from '../src/layout/registry.ts';
import { layoutJsonSchema } from '../src/layout/json-schema.ts';

const base = () => ({
  name: 't',
  source: 'test',
  size: 16,
  align: 8,
  slab: { cache: 't', hwcacheAlign: false, objectAlign: 8, typesafeByRcu: false },
  fields: [
    { name: 'a', type: 'long', offset: 0, size: 8, align: 8 },
    { name: 'b', type: 'int', offset: 8, size: 4, align: 4 },
  ],
});

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError, none thrown');
}

describe('401 layout validation', () => {
  it('SCENARIO shipped layouts GIVEN layouts/*.json WHEN loaded THEN all validate and the set is complete', () => {
    expect(listLayouts()).toEqual(['a', 'b1', 'b2', 'c', 'c_rfc', 'd', 'mm_struct', 'vma_lock']);
    for (const n of listLayouts()) expect(loadLayout(n).name).toBe(n);
  });

  it('SCENARIO slab facts GIVEN the variants WHEN loaded THEN alignment and flags match vma-layouts.md', () => {
    for (const n of ['a', 'b1', 'b2']) expect(loadLayout(n).slab).toMatchObject({ hwcacheAlign: false, objectAlign: 16, typesafeByRcu: false });
    for (const n of ['c_rfc', 'c']) expect(loadLayout(n)).toMatchObject({ size: 256, slab: { hwcacheAlign: true, objectAlign: 64 } });
    expect(loadLayout('d')).toMatchObject({ size: 192, slab: { hwcacheAlign: true, objectAlign: 64, typesafeByRcu: true } });
    expect(loadLayout('vma_lock')).toMatchObject({ size: 40, slab: { objectAlign: 8, hwcacheAlign: false } });
    expect(loadLayout('c').fields.find((f) => f.name === 'vm_lock.lock.count')?.offset).toBe(192);
    expect(loadLayout('c_rfc').fields.find((f) => f.name === 'vm_lock.count')?.offset).toBe(192);
    expect(loadLayout('d').fields.find((f) => f.name === 'vm_refcnt')?.offset).toBe(128);
  });

  it('SCENARIO resolved view GIVEN layout d WHEN converted THEN the engine gets size, objectAlign, rcu flag and fields', () => {
    const r = toResolvedLayout(loadLayout('d'));
    expect(r).toMatchObject({ name: 'd', size: 192, objectAlign: 64, typesafeByRcu: true });
    expect(r.fields.find((f) => f.name === 'shared.rb')).toEqual({ name: 'shared.rb', offset: 136, size: 24, type: 'struct rb_node' });
  });

  it('SCENARIO unknown name GIVEN a typo WHEN loaded THEN InputError lists the known names', () => {
    const e = inputError(() => loadLayout('b3'));
    expect(e.message).toMatch(/unknown layout; known layouts: a, b1, b2, c, c_rfc, d/);
  });

  it('SCENARIO editor schema GIVEN the zod schema WHEN exported THEN layouts/layout.schema.json is current', () => {
    expect(readFileSync(`${LAYOUTS_DIR}layout.schema.json`, 'utf8')).toBe(layoutJsonSchema());
  });

  it('SCENARIO a valid layout GIVEN base() WHEN parsed THEN it passes (so the failures below are caused by the edits)', () => {
    expect(parseLayout(base(), 'x.json').fields).toHaveLength(2);
  });

  const cases: Array<[string, (l: ReturnType<typeof base>) => unknown, RegExp, RegExp]> = [
    ['overlap outside a union', (l) => { l.fields[1]!.offset = 4; }, /fields\[1\] \(b\)/, /overlaps 'a'.*not in the same union group/],
    ['field past the end', (l) => { l.fields[1]!.offset = 12; l.fields[1]!.size = 8; l.fields[1]!.align = 4; }, /fields\[1\] \(b\)/, /ends at byte 20, past the struct size 16/],
    ['misaligned field', (l) => { l.fields[1]!.offset = 10; }, /fields\[1\]\.offset \(b\)/, /not a multiple of the field's align 4/],
    ['duplicate name', (l) => { l.fields[1]!.name = 'a'; }, /fields\[1\]\.name \(a\)/, /duplicate field name 'a'/],
    ['size not a multiple of align', (l) => { l.size = 12; l.fields[1]!.size = 4; }, /^size$/, /not a multiple of align 8/],
    ['zero size', (l) => { l.fields[1]!.size = 0; }, /fields\[1\]\.size \(b\)/, /.+/],
    ['negative size', (l) => { l.fields[0]!.size = -8; }, /fields\[0\]\.size \(a\)/, /.+/],
    ['unknown key', (l) => { (l.fields[0] as Record<string, unknown>).offest = 1; }, /fields\[0\] \(a\)/, /offest/],
    ['missing slab', (l) => { delete (l as Partial<typeof l>).slab; }, /^slab$/, /.+/],
    ['align not a power of two', (l) => { l.fields[0]!.align = 6; }, /fields\[0\]\.align \(a\)/, /power of two/],
  ];
  for (const [what, edit, where, reason] of cases) {
    it(`SCENARIO malformed layout GIVEN ${what} WHEN parsed THEN one InputError names the field and the reason`, () => {
      const l = base();
      edit(l);
      const e = inputError(() => parseLayout(l, 'bad.json'));
      expect(e.source).toBe('bad.json');
      expect(e.where).toMatch(where);
      expect(e.reason).toMatch(reason);
    });
  }

  it('SCENARIO union group GIVEN overlapping fields in the same group WHEN parsed THEN accepted, but not across groups', () => {
    const l = base();
    l.fields.push({ name: 'u', type: 'long', offset: 0, size: 8, align: 8 });
    (l.fields[0] as Record<string, unknown>).group = 'g';
    (l.fields[2] as Record<string, unknown>).group = 'g';
    expect(() => parseLayout(l, 'ok.json')).not.toThrow();
    (l.fields[2] as Record<string, unknown>).group = 'h';
    expect(inputError(() => parseLayout(l, 'bad.json')).where).toMatch(/fields\[2\] \(u\)/);
  });
});
