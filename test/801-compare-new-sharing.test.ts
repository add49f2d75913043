import { describe, expect, it } from 'vitest';
import type { PointResult } from '../src/model/result-types.ts';
import { findNewSharing, namedPairs } from '../src/compare/pairs.ts';
import { layoutStats, linesByPath } from '../src/compare/layout-stats.ts';
import { loadLayout, toResolvedLayout } from '../src/layout/registry.ts';
import { checkLayout } from '../src/layout/validate.ts';
import { moved, pft } from './8-helpers.ts';

/** A synthetic point: sites by (field, access), pairs as [writerSite, victimSite, misses, viaPrefetch]. */
function point(sites: Array<[string, 'read' | 'rmw']>, pairs: Array<[number, number, number, number]>, ops = 100): PointResult {
  return {
    key: '', coords: {}, metrics: [],
    sites: sites.map(([field, access], id) => ({ id, path: access === 'rmw' ? 'vma_start_read' : 'do_anonymous_page', object: 'vma', field, offset: id * 8, size: 8, access })),
    runs: [{ seed: 1, metrics: {}, counters: { ops } as never, breakdown: {} as never, lines: [],
      fieldPairs: pairs.map(([w, v, misses, viaPrefetch]) => ({ writerSite: w, victimSite: v, misses, viaPrefetch, remote: 0 })) }],
  };
}

describe('SCENARIO: new sharing is found by field name, candidate vs baseline', () => {
  it('GIVEN synthetic points WHEN the candidate adds a writer→other-field pair THEN only that pair is flagged', () => {
    const base = point([['vm_refcnt', 'rmw'], ['vm_flags', 'read']], [[0, 0, 50, 0]]);
    // site ids differ in the candidate on purpose: pairs are matched by name
    const cand = point([['vm_flags', 'read'], ['vm_refcnt', 'rmw']], [[1, 1, 50, 0], [1, 0, 30, 10]]);
    const found = findNewSharing([{ where: 't=4', point: base }], [{ where: 't=4', point: cand }], 'cand');
    expect(found.map((f) => [f.writer, f.victim, f.kind])).toEqual([['vma.vm_refcnt', 'vma.vm_flags', 'same line + via prefetch']]);
    expect(found[0]!.missesPerOp).toBeCloseTo(0.3);
    expect(found[0]!.writerPaths).toEqual(['vma_start_read']);
    expect(findNewSharing([{ where: 't=4', point: cand }], [{ where: 't=4', point: cand }], 'same')).toEqual([]);
  });

  it('GIVEN a pair the baseline already has (at any rate) WHEN compared THEN it is not new; true sharing never is', () => {
    const base = point([['a', 'rmw'], ['b', 'read']], [[0, 1, 1, 0]], 1000);
    const cand = point([['a', 'rmw'], ['b', 'read']], [[0, 1, 500, 0], [0, 0, 500, 0]], 1000);
    expect(findNewSharing([{ where: 'x', point: base }], [{ where: 'x', point: cand }], 'c')).toEqual([]);
    expect(namedPairs(cand).size).toBe(2);
  });
});

describe('SCENARIO: a regrouping that moves the written refcount next to hot read fields', () => {
  // d with vm_refcnt moved from its own line 2 (offset 128) into the 4-B hole at 44, on line 0
  const hot = moved('d', 'd-refcnt-on-line0', { vm_refcnt: { offset: 44, align: 4 } });
  it('GIVEN d and the moved layout WHEN both run pft at 8 threads THEN the compare flags vm_refcnt → line-0 fields as new sharing', () => {
    checkLayout(hot, 'test');
    const d = pft(loadLayout('d'), 8), h = pft(hot, 8);
    const found = findNewSharing([{ where: 't=8', point: d }], [{ where: 't=8', point: h }], hot.name);
    const victims = found.filter((f) => f.writer === 'vma.vm_refcnt').map((f) => f.victim);
    expect(victims.length).toBeGreaterThan(0);
    // victims: line-0 fields directly, line-1 fields (its 128-B pair buddy) via the prefetcher
    const offset = (v: string) => hot.fields.find((f) => `vma.${f.name}` === v)!.offset;
    for (const v of victims) expect(offset(v)).toBeLessThan(128);
    expect(victims.some((v) => offset(v) < 64)).toBe(true);
    for (const f of found.filter((x) => x.writer === 'vma.vm_refcnt' && offset(x.victim) >= 64)) expect(f.kind).toBe('via prefetch (128-B pair)');
    // lines per path follow the layout: vma_start_read now writes line 0
    expect(linesByPath(h.sites).find((p) => p.path === 'vma_start_read')!.written).toEqual([0]);
    expect(linesByPath(d.sites).find((p) => p.path === 'vma_start_read')!.written).toEqual([2]);
  });

  it('GIVEN the same layout under another name WHEN compared THEN nothing is flagged', () => {
    const same = moved('d', 'd-copy', {});
    const found = findNewSharing([{ where: 't=8', point: pft(loadLayout('d'), 8) }], [{ where: 't=8', point: pft(same, 8) }], 'd-copy');
    expect(found).toEqual([]);
  });
});

describe('SCENARIO: layout facts for the side-by-side table', () => {
  it('GIVEN c and d WHEN summarised THEN size, lines, pairs and holes match the layouts', () => {
    const c = layoutStats(toResolvedLayout(loadLayout('c')));
    const d = layoutStats(toResolvedLayout(loadLayout('d')));
    expect([c.size, c.cachelines, c.pairsMin, c.pairsMax]).toEqual([256, 4, 2, 3]);
    expect([d.size, d.cachelines, d.pairsMin, d.pairsMax]).toEqual([192, 3, 2, 2]);
    // c: hole 41..43 after `detached`, 176..191 before the cacheline-aligned rwsem
    expect([c.holes, c.holeBytes, c.tailPadding]).toEqual([2, 19, 24]);
  });
});
