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
  'An axis the publication did not control (slabSlot) is pooled for judging; its per-value rows, in parentheses, are detail.';

const EPS = 1e-9;

export function agrees(published: number, modelled: number): boolean {
  const ap = Math.abs(published), am = Math.abs(modelled);
  const sameSign = Math.sign(published) === Math.sign(modelled) && published !== 0;
  if (ap >= 5) return sameSign && Math.abs(modelled - published) <= 5 + EPS;
  if (ap >= 2) return sameSign || am < 3;
  return am < 3;
}

/** One row per (published entry, thread count): the entry's identity plus both numbers. */
export interface ReproRow extends Omit<PublishedEntry, 'threads'> {
  /** values of extra axes (slabSlot, ...) when the model swept them; "pooled" for the judged
   *  row over all of them; "" when there are none */
  other: string;
  /** counted in the agreement summary (false: a per-value detail row) */
  judged: boolean;
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
  const published = exp.published ?? [];
  const extra = axisNames(points).filter((a) => !['layout', 'profile', 'prefetch', 'threads'].includes(a));
  const byKey = new Map(points.map((p) => [coordKey(p.coords), p]));
  // combinations of extra axes present in the results (one "" combination when none)
  const others = new Map<string, Record<string, string | number>>();
  for (const p of points) {
    const o = pickCoords(p.coords, Object.keys(p.coords).filter((k) => !extra.includes(k)));
    others.set(coordKey(o), o);
  }
  if (others.size === 0) others.set('', {});
  const rows: ReproRow[] = [];
  const pooledSamples = (layout: string, e: PublishedEntry, t: number, metric: string) =>
    [...others.values()].flatMap((other) => {
      const p = byKey.get(coordKey({ ...other, layout, profile: e.profile, prefetch: e.prefetch, threads: t }));
      return p ? metricSamples(p, metric) : [];
    });
  for (const e of published) {
    const metric = findMetric(points, e.metric);
    const threadKeys = Object.keys(e.threads).map(Number).sort((a, b) => a - b);
    const row = (other: string, judged: boolean, t: number, base: number[] | undefined, cand: number[] | undefined): ReproRow => {
      const pub = e.threads[String(t)]!;
      let modelled = NaN;
      if (metric && base && cand && base.length > 0 && cand.length > 0) {
        const spec = points.find((p) => p.metrics.some((m) => m.name === metric))!.metrics.find((m) => m.name === metric)!;
        modelled = pctChange(primaryValue(summarise(base), spec), primaryValue(summarise(cand), spec));
      }
      return {
        source: e.source, baseline: e.baseline, candidate: e.candidate, profile: String(e.profile), prefetch: String(e.prefetch),
        metric: e.metric, other, judged, threads: t, published: pub, modelled,
        agrees: Number.isFinite(modelled) ? agrees(pub, modelled) : null,
      };
    };
    if (others.size > 1 && metric) {
      for (const t of threadKeys) rows.push(row('pooled', true, t, pooledSamples(e.baseline, e, t, metric), pooledSamples(e.candidate, e, t, metric)));
    }
    for (const other of others.values()) {
      for (const t of threadKeys) {
        const at = (layout: string) => byKey.get(coordKey({ ...other, layout, profile: e.profile, prefetch: e.prefetch, threads: t }));
        const bp = at(e.baseline), cp = at(e.candidate);
        rows.push(row(coordLabel(other), others.size <= 1 || !metric, t, bp && metric ? metricSamples(bp, metric) : undefined, cp && metric ? metricSamples(cp, metric) : undefined));
      }
    }
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
    modelled_pct: r.modelled, agrees: verdict(r.agrees), judged: r.judged ? 'yes' : 'no',
  })), { ...CSV_NUMBERS, header: true, columns: ['source', 'baseline', 'candidate', 'profile', 'prefetch', 'other_axes', 'metric', 'threads', 'published_pct', 'modelled_pct', 'agrees', 'judged'] });
}

/** Table data shared by the Markdown and HTML renderers. */
export function reproductionTable(rows: ReproRow[]): { header: string[]; body: string[][] } {
  const hasOther = rows.some((r) => r.other !== '');
  const header = ['comparison', 'prefetch', ...(hasOther ? ['axes'] : []), 'metric', 'threads', 'published', 'modelled', 'agrees?'];
  const body = rows.map((r) => [
    `${r.candidate} vs ${r.baseline} (${r.profile})`, r.prefetch, ...(hasOther ? [r.other] : []), r.metric, String(r.threads),
    pct(r.published), pct(r.modelled), verdict(r.agrees, r.judged),
  ]);
  return { header, body };
}
