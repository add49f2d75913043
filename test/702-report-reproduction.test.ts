import { describe, expect, it } from 'vitest';
import { agreementSummary, agrees, reproductionCsv, reproductionRows, reproductionTable } from '../src/report/reproduction.ts';
import { pftResults, RFC_PUBLISHED } from './helpers/report-fixtures.ts';
import { hmean } from '../src/report/stats.ts';
import type { PointResult } from '../src/model/result-types.ts';

describe('SCENARIO: the agreement rule at its boundaries', () => {
  it('GIVEN |published| ≥ 5 % WHEN the modelled change is 5.0 pp away THEN it agrees; 5.01 pp away THEN not', () => {
    expect(agrees(-14.95, -9.95)).toBe(true); // 5.00 pp (floating point gives 5.000000000000002)
    expect(agrees(-14.95, -19.95)).toBe(true);
    expect(agrees(-14.95, -9.94)).toBe(false);
    expect(agrees(-14.95, -19.96)).toBe(false);
    expect(agrees(-14.95, -10.0)).toBe(true); // 4.95 pp
  });

  it('GIVEN |published| ≥ 5 % WHEN the modelled change has the other sign THEN it disagrees even if within 5 pp', () => {
    expect(agrees(5.0, -0.1)).toBe(false);
    expect(agrees(5.0, 0.1)).toBe(true);
  });

  it('GIVEN published 4.99 % (middle band) WHEN modelled is -2.99 % THEN it agrees (|m| < 3); -3.0 % THEN not', () => {
    expect(agrees(4.99, -2.99)).toBe(true);
    expect(agrees(4.99, -3.0)).toBe(false);
    expect(agrees(4.99, 25)).toBe(true); // same sign is enough in the middle band
    expect(agrees(-4.07, -12)).toBe(true);
  });

  it('GIVEN published 1.99 % (small band) WHEN modelled is 2.99 % THEN it agrees; 3.0 % THEN not (same sign does not help)', () => {
    expect(agrees(1.99, 2.99)).toBe(true);
    expect(agrees(1.99, 3.0)).toBe(false);
    expect(agrees(-0.06, -2.5)).toBe(true);
  });

  it('GIVEN published exactly 2.0 % WHEN modelled is 4 % THEN the middle band applies (same sign) and it agrees', () => {
    expect(agrees(2.0, 4)).toBe(true);
    expect(agrees(2.0, -4)).toBe(false);
  });
});

describe('SCENARIO: reproduction rows from results and the published entry', () => {
  const r = pftResults({ iterations: 4 });
  const rows = reproductionRows(r.experiment, r.points);

  it('GIVEN the RFC entry for faults/cpu WHEN matched to metric faults_per_cpu THEN each thread count has a modelled Hmean % change', () => {
    expect(rows.map((x) => x.threads)).toEqual(Object.keys(RFC_PUBLISHED.threads).map(Number));
    const at12 = (layout: string) => r.points.find((p) => p.coords.layout === layout && p.coords.prefetch === 'on' && p.coords.threads === 12)!;
    const h = (layout: string) => hmean(at12(layout).runs.map((x) => x.metrics.faults_per_cpu));
    const row12 = rows.find((x) => x.threads === 12)!;
    expect(row12.modelled).toBeCloseTo(((h('c_rfc') - h('b2')) / h('b2')) * 100, 9);
    expect(row12.published).toBe(-14.95);
    expect(row12.agrees).toBe(agrees(-14.95, row12.modelled));
  });

  it('GIVEN rows WHEN summarised THEN the count says k/n agree with n = rows with model data', () => {
    const k = rows.filter((x) => x.agrees).length;
    expect(agreementSummary(rows)).toBe(`${k}/${rows.length} agree`);
  });

  it('GIVEN a published layout the model did not run WHEN rows are built THEN they say "no data" and are not counted', () => {
    const exp = { ...r.experiment, published: [{ ...RFC_PUBLISHED, candidate: 'zz' }] };
    const missing = reproductionRows(exp, r.points);
    expect(missing.every((x) => x.agrees === null)).toBe(true);
    expect(agreementSummary(missing)).toBe('0/0 agree (4 without model data)');
  });
});

describe('SCENARIO: an axis the publication did not control (slabSlot) is pooled for judging', () => {
  const base = pftResults({ iterations: 3 });
  const points: PointResult[] = [0, 1].flatMap((slot) => base.points.map((p) => ({
    ...p, key: `${p.key}-s${slot}`, coords: { ...p.coords, slabSlot: slot } as PointResult['coords'],
    // slot 1 makes the candidate 20 % slower, so pooling visibly differs from either slot
    runs: p.runs.map((r) => ({ ...r, metrics: { ...r.metrics, faults_per_cpu: r.metrics.faults_per_cpu! * (slot === 1 && p.coords.layout === 'c_rfc' ? 0.8 : 1) } })),
  })));
  const rows = reproductionRows(base.experiment, points);

  it('GIVEN two slots WHEN rows are built THEN one judged pooled row per thread count and per-slot rows as uncounted detail', () => {
    const n = Object.keys(RFC_PUBLISHED.threads).length;
    expect(rows.filter((r) => r.judged).map((r) => r.other)).toEqual(Array(n).fill('pooled'));
    expect(rows.filter((r) => !r.judged)).toHaveLength(2 * n);
    const k = rows.filter((r) => r.judged && r.agrees).length;
    expect(agreementSummary(rows)).toBe(`${k}/${n} agree`);
  });

  it('GIVEN the pooled row WHEN checked THEN its modelled change is the Hmean % change of both slots\' samples together', () => {
    const at = (layout: string) => points.filter((p) => p.coords.layout === layout && p.coords.prefetch === 'on' && p.coords.threads === 12).flatMap((p) => p.runs.map((x) => x.metrics.faults_per_cpu!));
    const pooled = rows.find((r) => r.judged && r.threads === 12)!;
    expect(pooled.modelled).toBeCloseTo(((hmean(at('c_rfc')) - hmean(at('b2'))) / hmean(at('b2'))) * 100, 9);
    const perSlot = rows.filter((r) => !r.judged && r.threads === 12).map((r) => r.modelled);
    expect(pooled.modelled).toBeLessThan(Math.max(...perSlot));
    expect(pooled.modelled).toBeGreaterThan(Math.min(...perSlot));
  });
});

describe('SCENARIO: a published comparison of two values of another axis (a kernel constant)', () => {
  const base = pftResults({ iterations: 3 });
  // the b2 points only, swept over kc.lruBatch 15 / 31; 31 is 10 % faster
  const points: PointResult[] = [15, 31].flatMap((batch) => base.points.filter((p) => p.coords.layout === 'b2').map((p) => ({
    ...p, key: `${p.key}-b${batch}`, coords: { ...p.coords, 'kc.lruBatch': batch } as PointResult['coords'],
    runs: p.runs.map((r) => ({ ...r, metrics: { ...r.metrics, faults_per_cpu: r.metrics.faults_per_cpu! * (batch === 31 ? 1.1 : 1) } })),
  })));
  const entry = { ...RFC_PUBLISHED, axis: 'kc.lruBatch', baseline: '15', candidate: '31', threads: { 12: 12.5 } };
  const rows = reproductionRows({ ...base.experiment, published: [entry] }, points);

  it('GIVEN axis kc.lruBatch WHEN rows are built THEN the change is 31 vs 15 at the same layout, labelled with the axis', () => {
    expect(rows).toHaveLength(1);
    expect(rows[0]!.modelled).toBeCloseTo(10, 9);
    expect([rows[0]!.baseline, rows[0]!.candidate]).toEqual(['kc.lruBatch=15', 'kc.lruBatch=31']);
    expect(rows[0]!.agrees).toBe(true);
  });

  it('GIVEN the same entry without axis WHEN rows are built THEN layouts 15 and 31 do not exist: no data', () => {
    const { axis: _omit, ...asLayouts } = entry;
    expect(reproductionRows({ ...base.experiment, published: [asLayouts] }, points).every((r) => r.agrees === null)).toBe(true);
  });
});

describe('SCENARIO: an alternative reading of an open condition is shown and never counted', () => {
  const r = pftResults({ iterations: 2 });
  const main = RFC_PUBLISHED;
  const alt = { ...RFC_PUBLISHED, prefetch: 'off', alternative: 'the publication does not say whether the prefetcher was on' };
  const rows = reproductionRows({ ...r.experiment, published: [main, alt] }, r.points);
  const n = Object.keys(RFC_PUBLISHED.threads).length;

  it('GIVEN a main and an alternative entry WHEN rows are built THEN both have rows, only the main ones are judged', () => {
    expect(rows).toHaveLength(2 * n);
    expect(rows.filter((x) => x.judged).every((x) => !x.alternative && x.prefetch === 'on')).toBe(true);
    expect(rows.filter((x) => x.alternative)).toHaveLength(n);
    expect(rows.filter((x) => x.alternative).every((x) => !x.judged && x.agrees !== null)).toBe(true);
  });

  it('GIVEN the summary WHEN counted THEN it equals the summary of the main entry alone', () => {
    expect(agreementSummary(rows)).toBe(agreementSummary(reproductionRows({ ...r.experiment, published: [main] }, r.points)));
  });

  it('GIVEN the CSV and the table WHEN rendered THEN the alternative rows say so', () => {
    const csv = reproductionCsv(rows).trim().split('\n');
    expect(csv[0]!.endsWith(',reading')).toBe(true);
    expect(csv.filter((l) => l.endsWith(',alternative'))).toHaveLength(n);
    const t = reproductionTable(rows);
    expect(t.body.filter((b) => b[0]!.endsWith(' alt.'))).toHaveLength(n);
    expect(t.body.filter((b) => b[0]!.endsWith(' alt.')).every((b) => /^\((yes|no)\)$/.test(b[b.length - 1]!))).toBe(true);
  });
});
