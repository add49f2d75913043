import { describe, expect, it } from 'vitest';
import { buildSweep } from '../src/experiment/sweep.ts';
import { loadExperiment } from '../src/experiment/load.ts';
import { planExperiment } from '../src/experiment/plan.ts';
import { registryResolver } from '../src/experiment/resolve.ts';
import { canonicalJson, pointKey } from '../src/experiment/point-key.ts';
import './6-fake-kind.ts';
import { fakeExperiment, tempDir, writeExperiment } from './6-helpers.ts';

describe('SCENARIO: the sweep is the product of the axes minus excludes', () => {
  it('GIVEN 2×3 axes WHEN swept THEN last axis varies fastest and coords follow the column order', () => {
    const pts = buildSweep(
      [{ name: 'a', values: ['x', 'y'] }, { name: 'n', values: [1, 2, 3] }],
      ['n', 'a'],
    );
    expect(pts.map((p) => `${p.index}:${p.coords.a}${p.coords.n}`)).toEqual(['0:x1', '1:x2', '2:x3', '3:y1', '4:y2', '5:y3']);
    expect(Object.keys(pts[0]!.coords)).toEqual(['n', 'a']);
  });

  it('GIVEN excludes WHEN swept THEN a point matching every key of any entry is dropped and the rest renumbered', () => {
    const pts = buildSweep(
      [{ name: 'a', values: ['x', 'y'] }, { name: 'n', values: [1, 2, 3] }],
      ['a', 'n'],
      [{ a: 'x', n: 2 }, { n: 3 }],
    );
    expect(pts.map((p) => `${p.index}:${p.coords.a}${p.coords.n}`)).toEqual(['0:x1', '1:y1', '2:y2']);
  });
});

describe('SCENARIO: an experiment file plans to fully resolved points', () => {
  it('GIVEN layouts×profiles×prefetch×threads×scenarios×axes with an exclude WHEN planned THEN the count, order and specs are right', async () => {
    const dir = tempDir('sweep');
    const path = writeExperiment(dir, 'x', fakeExperiment({
      workload: { kind: 'fake', scenarios: ['s1', 's2'], extraLayouts: ['vma_lock'] },
      profiles: ['broadwell-ep', { name: 'broadwell-ep', overrides: { 'l2.kib': 512 } }],
      axes: { slabOffset: [0, 32] },
      exclude: [{ layout: 'a', prefetch: 'off' }],
    }));
    const loaded = await loadExperiment(path, registryResolver);
    const plan = planExperiment(loaded, registryResolver);
    // 2 layouts × 2 profiles × 2 prefetch × 2 scenarios × 2 offsets × 2 threads = 64, minus a/off (16)
    expect(plan.points.length).toBe(48);
    expect(loaded.experiment.columns).toEqual(['layout', 'profile', 'prefetch', 'threads', 'scenario', 'slabOffset']);
    expect(loaded.experiment.profiles).toEqual(['broadwell-ep', 'broadwell-ep+l2.kib=512']);
    const first = plan.points[0]!;
    expect(first.coords).toEqual({ layout: 'a', profile: 'broadwell-ep', prefetch: 'on', threads: 1, scenario: 's1', slabOffset: 0 });
    expect(plan.points[1]!.coords.threads).toBe(4);
    expect(first.spec.params).toEqual({ scenario: 's1', slabOffset: 0 });
    expect(Object.keys(first.spec.layouts).sort()).toEqual(['main', 'vma_lock']);
    expect(plan.points.some((p) => p.coords.layout === 'a' && p.coords.prefetch === 'off')).toBe(false);
    // overrides reach the machine; prefetch 'off' reaches the machine
    const over = plan.points.find((p) => p.coords.profile === 'broadwell-ep+l2.kib=512')!;
    expect(over.spec.machine.l2.kib).toBe(512);
    expect(first.spec.machine.l2.kib).toBe(256);
    expect(plan.points.find((p) => p.coords.prefetch === 'off')!.spec.machine.prefetch.kind).toBe('none');
    // keys: unique, and stable across planning twice
    expect(new Set(plan.points.map((p) => p.key)).size).toBe(48);
    const again = planExperiment(await loadExperiment(path, registryResolver), registryResolver);
    expect(again.points.map((p) => p.key)).toEqual(plan.points.map((p) => p.key));
  });

  it('GIVEN two objects with the same content in different key order WHEN keyed THEN the keys agree', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
    expect(pointKey({ a: 1, b: 2 }, 'salt')).toBe(pointKey({ b: 2, a: 1 }, 'salt'));
    expect(pointKey({ a: 1 }, 'salt')).not.toBe(pointKey({ a: 1 }, 'other-salt'));
  });
});
