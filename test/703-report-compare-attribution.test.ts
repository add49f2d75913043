import { describe, expect, it } from 'vitest';
import { chooseComparison, compareTables, mmtestsText } from '../src/report/compare.ts';
import { attributePoint, cpuRanges, representativePoints } from '../src/report/attribution.ts';
import { hmean } from '../src/report/stats.ts';
import { microResults, pftResults } from './helpers/report-fixtures.ts';

describe('SCENARIO: mmtests-compare tables against the baseline layout', () => {
  const r = pftResults({ iterations: 4, threads: [1, 12] });
  const setup = chooseComparison(r.experiment, r.points)!;
  const tables = compareTables(r.points, setup);

  it('GIVEN layouts b2, c_rfc, d with baseline b2 WHEN compared THEN candidates are c_rfc and d, one table per prefetch setting', () => {
    expect(setup).toEqual({ axis: 'layout', baseline: 'b2', candidates: ['c_rfc', 'd'] });
    expect(tables.map((t) => t.group)).toEqual([{ profile: 'broadwell', prefetch: 'on' }, { profile: 'broadwell', prefetch: 'off' }]);
  });

  it('GIVEN the table for prefetch=on WHEN read at 12 threads THEN values are the Hmeans of the same-coordinate points', () => {
    const row = tables[0].rows.find((x) => x.metric.name === 'faults_per_cpu' && x.threads === 12)!;
    const pt = (layout: string) => r.points.find((p) => p.coords.layout === layout && p.coords.prefetch === 'on' && p.coords.threads === 12)!;
    const hb = hmean(pt('b2').runs.map((x) => x.metrics.faults_per_cpu));
    const hc = hmean(pt('c_rfc').runs.map((x) => x.metrics.faults_per_cpu));
    expect(row.baseline.value).toBeCloseTo(hb, 6);
    expect(row.candidates[0]!.pct).toBeCloseTo(((hc - hb) / hb) * 100, 9);
    expect(row.candidates[0]!.significant).toBe(true); // the fixture's c_rfc loses ~12 % with 0.4 % noise
  });

  it('GIVEN the text rendering WHEN printed THEN rows look like compare-mmtests output', () => {
    const text = mmtestsText(tables[0]);
    expect(text).toMatch(/^Hmean {5}faults_per_cpu-12 +\d+\.\d{4} \( {3}0\.00%\) +\d+\.\d{4} \* *-\d+\.\d\d%\*/m);
  });

  it('GIVEN no layout axis, three scenarios and two prefetch settings WHEN choosing THEN the first varied axis (scenario) is compared against its first value', () => {
    const m = microResults();
    expect(chooseComparison(m.experiment, m.points)).toEqual({ axis: 'scenario', baseline: 'same-line', candidates: ['same-pair', 'diff-pair'] });
    const t = compareTables(m.points, chooseComparison(m.experiment, m.points)!);
    expect(t.map((x) => x.group.prefetch)).toEqual(['on', 'off']);
  });

  it('GIVEN only prefetch varies WHEN choosing THEN prefetch is compared against the first setting', () => {
    const m = microResults();
    const one = m.points.filter((p) => p.coords.scenario === 'same-pair');
    expect(chooseComparison(m.experiment, one)).toEqual({ axis: 'prefetch', baseline: 'on', candidates: ['off'] });
  });

  it('GIVEN one layout and one prefetch setting WHEN choosing THEN there is no comparison', () => {
    const one = pftResults({ layouts: ['d'], prefetch: ['on'], iterations: 2, threads: [1] });
    expect(chooseComparison(one.experiment, one.points)).toBeNull();
  });
});

describe('SCENARIO: perf-c2c-style attribution with field names', () => {
  const r = pftResults({ iterations: 3, threads: [4, 56] });
  const pt = r.points.find((p) => p.coords.layout === 'c_rfc' && p.coords.prefetch === 'on' && p.coords.threads === 56)!;
  const a = attributePoint(pt);

  it('GIVEN the c_rfc point WHEN attributed THEN the hottest line is the lock line with its field, byte range, paths and CPUs', () => {
    const top = a.lines[0];
    expect(top.addr).toBe(0x100c0);
    expect(top.fields).toEqual(['vma.vm_lock.count +192..199 (rmw)']);
    expect(top.paths).toEqual(['vma_start_read', 'vma_end_read']);
    expect(top.cpus).toBe('0-55');
    const mean = pt.runs.reduce((s, x) => s + x.lines[0].hitmRemote, 0) / pt.runs.length;
    expect(top.hitmRemote).toBeCloseTo(mean, 9);
  });

  it('GIVEN prefetch on WHEN pairs are ranked by prefetch invalidations THEN the lock write → vm_file read pair leads, per op computed from ops', () => {
    const p = a.pairsByPrefetch[0];
    expect([p.writer, p.writerPath, p.victim, p.victimPath]).toEqual(['vma.vm_lock.count', 'vma_start_read', 'vma.vm_file', 'do_anonymous_page']);
    expect(p.missesPerOp).toBeCloseTo(p.misses / a.opsPerIteration, 12);
    expect(a.pairsByMisses[0].misses).toBeGreaterThanOrEqual(a.pairsByMisses[1].misses);
  });

  it('GIVEN the points WHEN picking representatives THEN each layout × prefetch series is shown at its max thread count', () => {
    const reps = representativePoints(r.points);
    expect(reps).toHaveLength(6);
    expect(reps.every((p) => p.coords.threads === 56)).toBe(true);
  });

  it('GIVEN CPUs 0..13 and 28..41 WHEN listed THEN they read as ranges', () => {
    expect(cpuRanges([...Array.from({ length: 14 }, (_, i) => 28 + i), ...Array.from({ length: 14 }, (_, i) => i), 5])).toBe('0-13,28-41');
  });
});
