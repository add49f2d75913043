/**
 * SCENARIO: the run loop shares equal instructions between threads (share-code.ts), so
 * threads that run the same program step through one set of records.
 * GIVEN programs built by the same builder calls for several threads, one of them on
 * another object, and instructions that differ only in an operand or a −0,
 * WHEN their code is shared by one CodeSharer,
 * THEN equal instructions are the same object, every differing one keeps its own, the
 * input arrays are untouched, and the equality covers every field `instr()` makes (a
 * field added to Instr without updating INSTR_FIELDS fails here).
 */
import { describe, expect, it } from 'vitest';
import { Arena } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { Op, RmwFn, imm, instr, reg } from '../src/workload/ir.ts';
import { CodeSharer, INSTR_FIELDS } from '../src/workload/share-code.ts';
import { SiteTable } from '../src/workload/sites.ts';

const LOCK = { name: 'lock', size: 64, objectAlign: 64, typesafeByRcu: false, fields: [{ name: 'word', offset: 0, size: 8 }] };

describe('115 shared instructions', () => {
  it('GIVEN the same program built per thread WHEN shared THEN one record per instruction; another object keeps its own', () => {
    const arena = new Arena(64), sites = new SiteTable();
    const a = arena.single('a', LOCK, 128), b = arena.single('b', LOCK, 128);
    const build = (o: typeof a) => {
      const p = new ProgramBuilder(sites).inPath('t');
      p.set('i', 0).label('loop').rmw(RmwFn.Add, { obj: o, role: 'lock', field: 'word' }, 1).work(10).done().add('i', 1).br('i', 2, 5, 'loop').halt();
      return p.build().code;
    };
    const c1 = build(a), c2 = build(a), c3 = build(b), before = [...c2];
    const sh = new CodeSharer();
    const s1 = sh.share(c1), s2 = sh.share(c2), s3 = sh.share(c3);
    expect(s2.every((ins, k) => ins === s1[k])).toBe(true);
    expect(c2.every((ins, k) => ins === before[k])).toBe(true); // input untouched
    const mem = c3.findIndex((ins) => ins.op === Op.Mem);
    expect(s3[mem]).not.toBe(s1[mem]); // other address: its own record
    expect(s3[0]).toBe(s1[0]); // the same `set i 0`
  });

  it('GIVEN instructions differing in one operand or a −0 WHEN shared THEN none is merged; two NaN immediates are one', () => {
    const sh = new CodeSharer();
    const base = instr({ op: Op.Set, r: 0, a: imm(0) });
    const [x, y, z, w, v] = sh.share([base, instr({ op: Op.Set, r: 0, a: imm(-0) }), instr({ op: Op.Set, r: 0, a: reg(0) }),
      instr({ op: Op.Set, r: 0, a: imm(NaN) }), instr({ op: Op.Set, r: 0, a: imm(NaN) })]);
    expect(new Set([x, y, z, w]).size).toBe(4);
    expect(v).toBe(w); // Object.is(NaN, NaN): the same behaviour
    expect(sh.share([instr({ op: Op.Set, r: 0, a: imm(0) })])[0]).toBe(x);
  });

  it('GIVEN instr() WHEN its fields are listed THEN INSTR_FIELDS names each one', () => {
    expect([...INSTR_FIELDS].sort()).toEqual(Object.keys(instr({ op: Op.Halt })).sort());
    // each field takes part: changing any one makes the instruction distinct
    for (const k of INSTR_FIELDS) {
      const sh = new CodeSharer(), p = instr({ op: Op.Work, cycles: 5 }), q = instr({ op: Op.Work, cycles: 5 });
      (q as unknown as Record<string, unknown>)[k] = k === 'a' || k === 'b' ? imm(9) : k === 'own' ? true : 77;
      const [s, t] = sh.share([p, q]);
      expect(t, k).not.toBe(s);
    }
  });
});
