/**
 * Reproduction table: each published comparison (experiment.published) against the same
 * comparison in the model, per metric × thread count.
 *
 * Agreement rule (by size of the published change p, modelled change m, in % points):
 *   |p| ≥ 5      → same sign and |m − p| ≤ 5
 *   2 ≤ |p| < 5  → same sign, or |m| < 3
 *   |p| < 2      → |m| < 3
 * A small tolerance (1e-9) absorbs floating-point error at the ≤ 5 boundary.
 *
 * When the model swept an axis the publication did not control (slabSlot: which 128-B
 * pair phase the VMA landed in), the judged row pools the samples of every value, as the
 * benchmark's fresh VMA per run would; the per-value rows follow as detail, not counted.
 * An entry marked `alternative` (a less likely reading of a condition the publication left
 * open, such as the prefetcher setting) is shown the same way and never counted.
 */
import { stringify } from '../util/csv.ts';
import { CSV_NUMBERS } from '../util/csv-number.ts';
import type { PointResult } from '../model/result-types.ts';
import type { PublishedEntry, ReportExperiment } from './results-file.ts';
import { axisNames, coordKey, coordLabel, metricSamples, pickCoords, primaryValue } from './axes.ts';
import { pctChange, summarise } from './stats.ts';

export const AGREEMENT_RULE =
  'Agreement: where |published| ≥ 5 %, same sign and within 5 percentage points; where ' +
  '2 % ≤ |published| < 5 %, same sign or |modelled| < 3 %; where |published| < 2 %, |modelled| < 3 %. ' +
  'An axis the publication did not control (slabSlot) is pooled for judging; its per-value rows, in parentheses, are detail. ' +
  'Rows of an alternative reading of an open condition of the publication (marked "alt.") are shown in parentheses and not counted.';

const EPS = 1e-9;

export function agrees(published: number, modelled: number): boolean {
  const ap = Math.abs(published), am = Math.abs(modelled);
  const sameSign = Math.sign(published) === Math.sign(modelled) && published !== 0;
  if (ap >= 5) return sameSign && Math.abs(modelled - published) <= 5 + EPS;
  if (ap >= 2) return sameSign || am < 3;
  return am < 3;
}

/** One row per (published entry, thread count): the entry's identity plus both numbers. */
export interface ReproRow extends Omit<PublishedEntry, 'threads' | 'alternative'> {
  /** values of extra axes (slabSlot, ...) when the model swept them; "pooled" for the judged
   *  row over all of them; "" when there are none */
  other: string;
  /** counted in the agreement summary (false: a per-value detail row, or an alternative reading) */
  judged: boolean;
  /** the entry is an alternative reading (PublishedEntry.alternative): shown, never judged */
  alternative: boolean;
  threads: number;
  published: number;
  /** NaN when the model has no such points */
  modelled: number;
  agrees: boolean | null;
}

/** Published metric names are mmtests' ("faults/cpu"); model metrics may say "faults_per_cpu". */
function normaliseMetric(name: string): string {
  return name.toLowerCase().replace(/\//g, '_per_').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

function findMetric(points: PointResult[], name: string): string | null {
  const names = new Set(points.flatMap((p) => p.metrics.map((m) => m.name)));
  if (names.has(name)) return name;
  const want = normaliseMetric(name);
  for (const n of names) if (normaliseMetric(n) === want) return n;
  return null;
}

export function reproductionRows(exp: ReportExperiment, points: PointResult[]): ReproRow[] {
  const rows: ReproRow[] = [];
  for (const e of exp.published ?? []) rows.push(...entryRows(e, points));
  return rows;
}

/**
 * The rows of one published comparison: its two values of `axis` (layout unless the entry
 * names another, e.g. a kernel constant `kc.lruBatch`) at its profile and prefetch setting,
 * per thread count; every other axis the model swept is pooled for the judged row.
 */
function entryRows(e: PublishedEntry, points: PointResult[]): ReproRow[] {
  const axis = e.axis ?? 'layout';
  const fixed = [axis, 'profile', 'prefetch', 'threads'];
  const byKey = new Map(points.map((p) => [coordKey(p.coords), p]));
  // combinations of the other axes present in the results (one "" combination when none)
  const others = new Map<string, Record<string, string | number>>();
  for (const p of points) {
    const o = pickCoords(p.coords, fixed);
    others.set(coordKey(o), o);
  }
  if (others.size === 0) others.set('', {});
  const at = (other: Record<string, string | number>, value: string, t: number) =>
    byKey.get(coordKey({ ...other, [axis]: value, profile: e.profile, prefetch: e.prefetch, threads: t }));
  const metric = findMetric(points, e.metric);
  const spec = metric ? points.find((p) => p.metrics.some((m) => m.name === metric))!.metrics.find((m) => m.name === metric)! : null;
  const samples = (ps: Array<PointResult | undefined>) => (metric ? ps.flatMap((p) => (p ? metricSamples(p, metric) : [])) : []);
  const label = (v: string) => (axis === 'layout' ? v : `${axis}=${v}`);
  const alt = typeof e.alternative === 'string';
  const row = (other: string, judged: boolean, t: number, base: number[], cand: number[]): ReproRow => {
    const pub = e.threads[String(t)]!;
    const modelled = spec && base.length > 0 && cand.length > 0
      ? pctChange(primaryValue(summarise(base), spec), primaryValue(summarise(cand), spec)) : NaN;
    return {
      source: e.source, baseline: label(e.baseline), candidate: label(e.candidate), profile: String(e.profile), prefetch: String(e.prefetch),
      metric: e.metric, other, judged: judged && !alt, alternative: alt, threads: t, published: pub, modelled,
      agrees: Number.isFinite(modelled) ? agrees(pub, modelled) : null,
    };
  };
  const rows: ReproRow[] = [];
  const threadKeys = Object.keys(e.threads).map(Number).sort((a, b) => a - b);
  const all = [...others.values()];
  if (others.size > 1 && metric) {
    for (const t of threadKeys) rows.push(row('pooled', true, t, samples(all.map((o) => at(o, e.baseline, t))), samples(all.map((o) => at(o, e.candidate, t)))));
  }
  for (const other of all) {
    for (const t of threadKeys) rows.push(row(coordLabel(other), others.size <= 1 || !metric, t, samples([at(other, e.baseline, t)]), samples([at(other, e.candidate, t)])));
  }
  return rows;
}

export function agreementSummary(rows: ReproRow[]): string {
  const counted = rows.filter((r) => r.judged);
  const judged = counted.filter((r) => r.agrees !== null);
  const ok = judged.filter((r) => r.agrees).length;
  const missing = counted.length - judged.length;
  return `${ok}/${judged.length} agree` + (missing > 0 ? ` (${missing} without model data)` : '');
}

const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(2)}%` : 'n/a');
const verdict = (a: boolean | null, judged = true) => (a === null ? 'no data' : !judged ? (a ? '(yes)' : '(no)') : a ? 'yes' : 'NO');

export function reproductionCsv(rows: ReproRow[]): string {
  return stringify(rows.map((r) => ({
    source: r.source, baseline: r.baseline, candidate: r.candidate, profile: r.profile, prefetch: r.prefetch,
    other_axes: r.other, metric: r.metric, threads: r.threads, published_pct: r.published,
    modelled_pct: r.modelled, agrees: verdict(r.agrees), judged: r.judged ? 'yes' : 'no', reading: r.alternative ? 'alternative' : 'main',
  })), { ...CSV_NUMBERS, header: true, columns: ['source', 'baseline', 'candidate', 'profile', 'prefetch', 'other_axes', 'metric', 'threads', 'published_pct', 'modelled_pct', 'agrees', 'judged', 'reading'] });
}

/** Table data shared by the Markdown and HTML renderers. */
export function reproductionTable(rows: ReproRow[]): { header: string[]; body: string[][] } {
  const hasOther = rows.some((r) => r.other !== '');
  const header = ['comparison', 'prefetch', ...(hasOther ? ['axes'] : []), 'metric', 'threads', 'published', 'modelled', 'agrees?'];
  const body = rows.map((r) => [
    `${r.candidate} vs ${r.baseline} (${r.profile})${r.alternative ? ' alt.' : ''}`, r.prefetch, ...(hasOther ? [r.other] : []), r.metric, String(r.threads),
    pct(r.published), pct(r.modelled), verdict(r.agrees, r.judged),
  ]);
  return { header, body };
}
