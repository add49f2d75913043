import { describe, expect, it } from 'vitest';
import { hmean, isSignificant, pctChange, summarise, welchP } from '../src/report/stats.ts';
import { fmtNum, formatPct } from '../src/report/compare.ts';

describe('SCENARIO: per-point statistics over iterations', () => {
  it('GIVEN rates 2, 4, 4 WHEN summarised THEN Hmean is 3 (= 3 / (1/2 + 1/4 + 1/4)) and the mean is 10/3', () => {
    const s = summarise([2, 4, 4]);
    expect(s.hmean).toBeCloseTo(3 / (1 / 2 + 1 / 4 + 1 / 4), 12);
    expect(s.hmean).toBeCloseTo(3, 12);
    expect(s.mean).toBeCloseTo(10 / 3, 12);
    expect(s.min).toBe(2);
    expect(s.max).toBe(4);
  });

  it('GIVEN a rate of 0 WHEN the harmonic mean is taken THEN it is NaN, not a silent number', () => {
    expect(hmean([0, 5])).toBeNaN();
  });

  it('GIVEN 1..5 WHEN summarised THEN sd = √2.5 and ci95 = t(0.975, 4) · sd / √5 with t = 2.7764451', () => {
    const s = summarise([1, 2, 3, 4, 5]);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.ci95).toBeCloseTo((2.7764451 * Math.sqrt(2.5)) / Math.sqrt(5), 5);
    expect(s.n).toBe(5);
  });

  it('GIVEN one sample WHEN summarised THEN sd is 0 and the CI is undefined (NaN)', () => {
    const s = summarise([7]);
    expect(s.sd).toBe(0);
    expect(s.ci95).toBeNaN();
  });
});

describe('SCENARIO: significance is judged against the run-to-run spread (Welch, p < 0.05)', () => {
  it('GIVEN 1,2,3 vs 4,5,6 WHEN tested THEN p ≈ 0.0213 (t = 3.674, 4 dof) and the change is significant', () => {
    expect(welchP([1, 2, 3], [4, 5, 6])).toBeCloseTo(0.02131, 4);
    expect(isSignificant([1, 2, 3], [4, 5, 6])).toBe(true);
  });

  it('GIVEN overlapping samples 10,12,14 vs 11,13,15 WHEN tested THEN the change is not significant', () => {
    expect(welchP([10, 12, 14], [11, 13, 15])).toBeGreaterThan(0.05);
    expect(isSignificant([10, 12, 14], [11, 13, 15])).toBe(false);
  });

  it('GIVEN fewer than 2 iterations WHEN tested THEN never significant; GIVEN zero spread on both sides THEN any difference is', () => {
    expect(isSignificant([1], [100])).toBe(false);
    expect(isSignificant([5, 5, 5], [6, 6, 6])).toBe(true);
    expect(isSignificant([5, 5, 5], [5, 5, 5])).toBe(false);
  });
});

describe('SCENARIO: compare-mmtests formatting', () => {
  it('GIVEN baseline 335604.9251 and candidate 285426.3358 WHEN formatted THEN it reads * -14.95%* as in the RFC thread', () => {
    const pct = pctChange(335604.9251, 285426.3358);
    expect(formatPct(pct, true)).toBe('* -14.95%*');
    expect(formatPct(0, false)).toBe('(   0.00%)');
    expect(fmtNum(285426.3358)).toBe('285426.3358');
  });
});
