/**
 * SCENARIO 706: the verdict names points whose iterations are spread apart (a model near a
 * capacity knee can settle short runs in two states). Boundary: max/min − 1 exactly at the
 * 10 % limit is not spread; just above it is. Names are escaped in summary.md like every
 * verdict line.
 */
import { describe, expect, it } from 'vitest';
import type { MetricSpec, PointResult } from '../src/model/result-types.ts';
import { statRows } from '../src/report/axes.ts';
import { SPREAD_LIMIT, spreadPoints, spreadStatement } from '../src/report/spread.ts';

const metric: MetricSpec = { name: 'faults_per_cpu', unit: 'faults/cpu-s', aggregate: 'hmean', higherIsBetter: true };
const point = (layout: string, samples: number[]): PointResult => ({
  key: layout, coords: { layout, threads: 12 }, metrics: [metric], sites: [],
  runs: samples.map((v, i) => ({ seed: i, metrics: { faults_per_cpu: v }, counters: {} as never, breakdown: {} as never, lines: [], fieldPairs: [] })),
});

describe('706 run-to-run spread', () => {
  it('GIVEN iterations 10 % apart THEN not spread; 10.1 % apart THEN spread', () => {
    expect(SPREAD_LIMIT).toBe(0.1);
    const rows = statRows([point('at', [100, 110]), point('over', [100, 110.1]), point('one', [100])]);
    const { spread, judged } = spreadPoints(rows, 'faults_per_cpu');
    expect(judged).toBe(2); // a single iteration has no spread to judge
    expect(spread.map((p) => p.label)).toEqual(['layout=over threads=12']);
  });

  it('GIVEN no spread point THEN no statement; GIVEN two THEN the widest comes first with its range', () => {
    expect(spreadStatement(statRows([point('a', [100, 101])]), 'faults_per_cpu')).toBeNull();
    const s = spreadStatement(statRows([point('a', [290000, 400000]), point('b', [100000, 120000]), point('c', [5, 5])]), 'faults_per_cpu')!;
    expect(s).toMatch(/^Run-to-run spread: 2 of 3 points/);
    expect(s.indexOf('layout=a')).toBeLessThan(s.indexOf('layout=b'));
    expect(s).toContain('290.0 k … 400.0 k');
  });
});
