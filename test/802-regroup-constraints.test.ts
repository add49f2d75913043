import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadLayout } from '../src/layout/registry.ts';
import { formatC } from '../src/layout/c-format.ts';
import { InputError } from '../src/util/errors.ts';
import { applyConstraints, layoutBlocks, naturalAlignOf } from '../src/regroup/blocks.ts';
import { candidateLayout, shuffledCandidate } from '../src/regroup/candidate.ts';

const c = loadLayout('c');
const meta = { name: 'c-x', description: 't', slab: c.slab };

describe('SCENARIO: regroup moves top-level members only', () => {
  it('GIVEN layout c WHEN split into blocks THEN unions and nested structs are single blocks', () => {
    const names = layoutBlocks(c).map((b) => b.name);
    expect(names).toContain('shared');
    expect(names).toContain('vm_lock');
    const u = layoutBlocks(c).find((b) => b.fields.some((f) => f.name === 'vm_rcu'))!;
    expect(u.fields.map((f) => f.name).sort()).toEqual(['vm_end', 'vm_rcu', 'vm_start']);
    expect(layoutBlocks(c).find((b) => b.name === 'vm_lock')!.align).toBe(64);
  });

  it('GIVEN any order and line starts WHEN placed THEN the candidate is a valid layout that keeps every constraint', () => {
    const { blocks } = applyConstraints(c, ['vm_start'], [['vm_file', 'vm_pgoff']], undefined);
    const free = blocks.filter((b) => b.fixedAt === undefined).map((b) => b.id);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e6 }), fc.array(fc.boolean(), { minLength: free.length, maxLength: free.length }), (seed, br) => {
      const cand = shuffledCandidate(blocks, seed);
      cand.breaks = new Set(free.filter((_, i) => br[i]));
      const { layout } = candidateLayout(c, blocks, cand, meta); // throws if invalid
      const at = (n: string) => layout.fields.find((f) => f.name === n)!;
      expect(layout.fields.filter((f) => !f.name.startsWith('__pad')).map((f) => f.name).sort()).toEqual(c.fields.map((f) => f.name).sort());
      expect([at('vm_start').offset, at('vm_end').offset, at('vm_rcu').offset]).toEqual([0, 8, 0]); // fixed, union intact
      expect(at('vm_pgoff').offset).toBe(at('vm_file').offset + 8); // --group keeps them adjacent
      expect(at('vm_lock.lock.count').offset % 64).toBe(0); // ____cacheline_aligned stays on a line start
      expect(at('vm_lock.lock.owner').offset - at('vm_lock.lock.count').offset).toBe(8); // nested struct intact
      for (const f of layout.fields) expect(f.offset % naturalAlignOf(f)).toBe(0);
      const text = formatC(layout);
      const marked = layout.fields.filter((f) => f.align === 64).length;
      expect(text.split('____cacheline_aligned_in_smp').length - 1).toBeGreaterThanOrEqual(marked);
    }), { numRuns: 150 });
  });
});

describe('SCENARIO: bad regroup constraints are one InputError each', () => {
  const err = (f: () => unknown) => { try { f(); } catch (e) { return e; } return null; };
  it('GIVEN an unknown field in --fixed or --group THEN the error names the flag and the field', () => {
    const a = err(() => applyConstraints(c, ['vm_nope'], [], undefined)) as InputError;
    expect(a).toBeInstanceOf(InputError);
    expect([a.source, a.reason.includes("unknown field 'vm_nope'")]).toEqual(['--fixed', true]);
    const b = err(() => applyConstraints(c, [], [['vm_file', 'zzz']], undefined)) as InputError;
    expect([b.source, b.reason.includes("'zzz'")]).toEqual(['--group', true]);
  });
  it('GIVEN c (213 B of members, a 64-B-aligned rwsem) and 3 cachelines THEN the bound is impossible and the error says 4', () => {
    const e = err(() => applyConstraints(c, ['vm_start'], [], 3)) as InputError;
    expect(e.source).toBe('--max-cachelines');
    expect(e.reason).toMatch(/need at least 256 B.*allow 4/);
    expect(applyConstraints(c, ['vm_start'], [], 4).maxSize).toBe(256);
  });
  it('GIVEN a group containing a fixed member, or one member twice THEN InputError', () => {
    expect(err(() => applyConstraints(c, ['vm_start'], [['vm_start', 'vm_mm']], undefined))).toBeInstanceOf(InputError);
    expect(err(() => applyConstraints(c, [], [['vm_file', 'vm_file']], undefined))).toBeInstanceOf(InputError);
  });
});
