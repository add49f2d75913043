/**
 * Per-sample statistics: plain arithmetic, jstat for the Student-t distribution.
 *
 * - Sums run left to right from the first sample (the order mathjs used before, so every
 *   stats.csv number is bit-for-bit what it was); sd uses n−1.
 * - Hmean = n / Σ(1/x): how mmtests summarises rates (ops/s).
 * - ci95 is the half-width of the t-based 95 % confidence interval of the *mean*:
 *   t(0.975, n−1) · sd / √n (sd with n−1).
 * - Significance rule (documented in every report): a difference between two sample sets is
 *   significant when a two-sided Welch t-test on the per-iteration samples gives p < 0.05.
 *   With fewer than 2 samples on either side there is no spread to compare against, so it is
 *   never significant; if both sides have zero spread, any difference is significant.
 */
import jstat from 'jstat';

const { jStat } = jstat; // CommonJS module: named ESM import is not available

export interface SampleStats {
  n: number;
  hmean: number;
  mean: number;
  sd: number;
  ci95: number;
  min: number;
  max: number;
}

export const SIGNIFICANCE_RULE =
  'A change is marked significant (*) when a two-sided Welch t-test on the per-iteration samples ' +
  'of baseline and candidate gives p < 0.05 (never with fewer than 2 iterations; always when both ' +
  'sides have zero spread and differ). CI95 is the t-based 95 % confidence half-width of the mean.';

/** Σx from the first element, left to right. */
function sum(xs: readonly number[]): number {
  let s = xs[0]!;
  for (let i = 1; i < xs.length; i++) s += xs[i]!;
  return s;
}

/** Sample standard deviation (n−1); xs.length ≥ 2. */
function sampleSd(xs: readonly number[], mean: number): number {
  let ss: number | undefined;
  for (const x of xs) {
    const d = x - mean;
    ss = ss === undefined ? d * d : ss + d * d;
  }
  return Math.sqrt(ss! / (xs.length - 1));
}

/** Harmonic mean n / Σ(1/x); NaN when a sample is ≤ 0 (a rate of 0 has no harmonic mean). */
export function hmean(xs: number[]): number {
  if (xs.length === 0 || xs.some((x) => !(x > 0))) return NaN;
  return xs.length / sum(xs.map((x) => 1 / x));
}

export function summarise(xs: number[]): SampleStats {
  const n = xs.length;
  if (n === 0) return { n: 0, hmean: NaN, mean: NaN, sd: NaN, ci95: NaN, min: NaN, max: NaN };
  const mean = sum(xs) / n;
  const sd = n > 1 ? sampleSd(xs, mean) : 0;
  const ci95 = n > 1 ? jStat.studentt.inv(0.975, n - 1) * sd / Math.sqrt(n) : NaN;
  return { n, hmean: hmean(xs), mean, sd, ci95, min: Math.min(...xs), max: Math.max(...xs) };
}

/** Two-sided Welch t-test p-value; NaN when it cannot be computed (n < 2). */
export function welchP(a: number[], b: number[]): number {
  if (a.length < 2 || b.length < 2) return NaN;
  const sa = summarise(a), sb = summarise(b);
  const va = (sa.sd * sa.sd) / sa.n, vb = (sb.sd * sb.sd) / sb.n;
  const se2 = va + vb;
  if (se2 === 0) return sa.mean === sb.mean ? 1 : 0;
  const t = (sb.mean - sa.mean) / Math.sqrt(se2);
  const dof = (se2 * se2) / ((va * va) / (sa.n - 1) + (vb * vb) / (sb.n - 1));
  return 2 * (1 - jStat.studentt.cdf(Math.abs(t), dof));
}

export function isSignificant(baseline: number[], candidate: number[]): boolean {
  const p = welchP(baseline, candidate);
  return Number.isFinite(p) && p < 0.05;
}

/** % change of candidate vs baseline, as compare-mmtests prints it. */
export function pctChange(baseline: number, candidate: number): number {
  return ((candidate - baseline) / baseline) * 100;
}
