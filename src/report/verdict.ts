/**
 * The verdict: what the report answers, first. Per group of the other axes (profile,
 * prefetch, …) and thread count: which value of the compared axis wins on the primary
 * metric and by how much vs the baseline, with significance; which field pairs
 * false-share (true sharing named apart); the false sharing a candidate introduces
 * that the baseline did not have; and where the model disagrees with published numbers.
 * Everything comes from the same model as the detailed tables (compare tables,
 * attribution, reproduction rows), so the block and the details cannot disagree.
 */
import type { MetricSpec, PointCoords } from '../experiment/result-types.ts';
import { coordKey, coordLabel, pickCoords } from './axes.ts';
import type { CompareSetup, CompareTable } from './compare.ts';
import type { PointAttribution } from './attribution.ts';
import type { ReproRow } from './reproduction.ts';
import { fieldPairs, type FieldPair } from './field-pairs.ts';

/** Misses per op below which a pair is noise for the verdict (attribution.csv keeps all). */
export const PAIR_FLOOR_PER_OP = 0.01;

export interface VerdictCell {
  threads: number;
  /** the best value of the compared axis at this cell */
  winner: string;
  /** the candidate the cell reports: the winner, or the best candidate when the baseline wins */
  shown: string;
  pct: number;
  significant: boolean;
  /** published numbers exist for this cell and the model disagrees with them */
  caveat: boolean;
}

export interface Verdict {
  setup: CompareSetup;
  metric: MetricSpec;
  threads: number[];
  rows: Array<{ group: PointCoords; label: string; cells: Array<VerdictCell | null> }>;
  /** one line per candidate: better / worse / no significant change, over all cells */
  statements: string[];
  /** per compared value: its worst false-sharing and true-sharing pairs (max over groups, at max threads) */
  sharing: Array<{ value: string; falseSharing: FieldPair[]; trueSharing: FieldPair[] }>;
  /** false-sharing pairs of a candidate that its baseline point does not have */
  newSharing: Array<FieldPair & { candidate: string; where: string }>;
  /** agreement with published numbers: summary line and the disagreeing series */
  published: { agreed: number; judged: number; disagreements: string[] } | null;
}

const pctText = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)} %`;

/** "d +38.3 %*", "b2 (c_rfc −2.7 %*)", "≈ b2 (d +0.4 %)"; * = significant, † = disagrees with a publication. */
export function cellText(c: VerdictCell, baseline: string): string {
  const pct = `${pctText(c.pct)}${c.significant ? '*' : ''}`;
  const mark = c.caveat ? ' †' : '';
  if (!c.significant) return `≈ ${baseline} (${c.shown} ${pct})${mark}`;
  if (c.winner === baseline) return `${baseline} (${c.shown} ${pct})${mark}`;
  return `${c.winner} ${pct}${mark}`;
}

function disagreeingKeys(repro: ReproRow[]): Set<string> {
  return new Set(repro.filter((r) => r.judged && r.agrees === false).map((r) => `${r.candidate}|${r.profile}|${r.prefetch}|${r.threads}`));
}

export function buildVerdict(setup: CompareSetup, tables: CompareTable[], attribution: PointAttribution[], repro: ReproRow[]): Verdict | null {
  const metric = tables[0]?.rows[0]?.metric;
  if (!metric) return null;
  const bad = disagreeingKeys(repro);
  const threads = [...new Set(tables.flatMap((t) => t.rows.filter((r) => r.metric.name === metric.name).map((r) => r.threads)))].sort((a, b) => a - b);
  const tally = new Map(setup.candidates.map((c) => [c, { better: [] as number[], worse: [] as number[], same: 0 }]));
  const rows = tables.map((t) => {
    const cells = threads.map((th): VerdictCell | null => {
      const r = t.rows.find((x) => x.metric.name === metric.name && x.threads === th);
      if (!r) return null;
      const sign = metric.higherIsBetter ? 1 : -1;
      const cands = r.candidates.filter((c): c is NonNullable<typeof c> => c !== null && Number.isFinite(c.pct));
      for (const c of cands) {
        const e = tally.get(c.name)!;
        if (!c.significant) e.same++;
        else (sign * c.pct > 0 ? e.better : e.worse).push(c.pct);
      }
      if (cands.length === 0) return null;
      const best = cands.reduce((a, b) => (sign * b.pct > sign * a.pct ? b : a));
      const winner = sign * best.pct > 0 && best.significant ? best.name : setup.baseline;
      // when the baseline wins, show the candidate that comes closest (the best one)
      const caveat = setup.axis === 'layout' && bad.has(`${best.name}|${t.group.profile}|${t.group.prefetch}|${th}`);
      return { threads: th, winner, shown: best.name, pct: best.pct, significant: best.significant, caveat };
    });
    return { group: t.group, label: coordLabel(t.group) || 'all points', cells };
  });
  const range = (xs: number[]) => (xs.length === 1 ? pctText(xs[0]!) : `${pctText(Math.min(...xs))} … ${pctText(Math.max(...xs))}`);
  const statements = setup.candidates.map((c) => {
    const e = tally.get(c)!;
    const n = e.better.length + e.worse.length + e.same;
    const parts: string[] = [];
    if (e.better.length) parts.push(`better in ${e.better.length} (${range(e.better)})`);
    if (e.worse.length) parts.push(`worse in ${e.worse.length} (${range(e.worse)})`);
    if (e.same) parts.push(`no significant change in ${e.same}`);
    return `${c} vs ${setup.baseline} on ${metric.name}, ${n} cell${n === 1 ? '' : 's'}: ${parts.join(', ') || 'no data'}.`;
  });
  return { setup, metric, threads, rows, statements, ...sharingOf(setup, attribution), published: publishedOf(repro) };
}

/**
 * Pairs are matched across layouts by their last name component: the baseline's
 * `vma_lock.lock.count → vma_lock.lock.owner` (lock in its own object) is the same sharing
 * as a candidate's `vma.vm_lock.count → vma.vm_lock.owner` (lock embedded), not a new one.
 */
const leaf = (label: string) => label.slice(label.lastIndexOf('.') + 1);
const sameKind = (p: FieldPair) => `${leaf(p.writer)}>${leaf(p.victim)}`;

/** Sharing per compared value and new sharing, from the attribution of the max-thread points. */
function sharingOf(setup: CompareSetup, attribution: PointAttribution[]): Pick<Verdict, 'sharing' | 'newSharing'> {
  const values = [setup.baseline, ...setup.candidates];
  const byValue = new Map<string, Map<string, FieldPair>>();
  const byPoint = new Map<string, FieldPair[]>();
  for (const a of attribution) {
    const v = String(a.coords[setup.axis]);
    const pairs = fieldPairs(a).filter((p) => p.missesPerOp >= PAIR_FLOOR_PER_OP);
    byPoint.set(coordKey(a.coords), pairs);
    const acc = byValue.get(v) ?? new Map<string, FieldPair>();
    for (const p of pairs) {
      const k = `${p.writer}>${p.victim}`;
      const cur = acc.get(k);
      if (!cur || p.missesPerOp > cur.missesPerOp) acc.set(k, p);
    }
    byValue.set(v, acc);
  }
  const sharing = values.map((value) => {
    const all = [...(byValue.get(value)?.values() ?? [])].sort((a, b) => b.missesPerOp - a.missesPerOp);
    return { value, falseSharing: all.filter((p) => !p.trueSharing).slice(0, 3), trueSharing: all.filter((p) => p.trueSharing).slice(0, 2) };
  });
  const newSharing: Verdict['newSharing'] = [];
  for (const a of attribution) {
    const v = String(a.coords[setup.axis]);
    if (v === setup.baseline) continue;
    const base = byPoint.get(coordKey({ ...a.coords, [setup.axis]: setup.baseline }));
    if (!base) continue;
    const had = new Set(base.map(sameKind));
    for (const p of byPoint.get(coordKey(a.coords)) ?? []) {
      if (p.trueSharing || had.has(sameKind(p))) continue;
      newSharing.push({ ...p, candidate: v, where: coordLabel(pickCoords(a.coords, [setup.axis])) });
    }
  }
  // each candidate's new pairs once (at their worst coordinates), its top 3
  const worst = new Map<string, Verdict['newSharing'][number]>();
  for (const n of newSharing) {
    const k = `${n.candidate}|${n.writer}>${n.victim}`;
    if (!worst.has(k) || n.missesPerOp > worst.get(k)!.missesPerOp) worst.set(k, n);
  }
  const byCandidate = setup.candidates.flatMap((c) => [...worst.values()].filter((n) => n.candidate === c)
    .sort((a, b) => b.missesPerOp - a.missesPerOp).slice(0, 3));
  return { sharing, newSharing: byCandidate };
}

function publishedOf(repro: ReproRow[]): Verdict['published'] {
  const judged = repro.filter((r) => r.judged && r.agrees !== null);
  if (judged.length === 0) return null;
  const series = new Map<string, ReproRow[]>();
  for (const r of judged) {
    const k = `${r.candidate} vs ${r.baseline}, ${r.profile}, prefetch ${r.prefetch}, ${r.metric}`;
    series.set(k, [...(series.get(k) ?? []), r]);
  }
  const disagreements: string[] = [];
  for (const [k, rs] of series) {
    const off = rs.filter((r) => r.agrees === false);
    if (off.length === 0) continue;
    const worst = off.reduce((a, b) => (Math.abs(b.modelled - b.published) > Math.abs(a.modelled - a.published) ? b : a));
    disagreements.push(`${k}: disagrees at ${off.length} of ${rs.length} thread counts ` +
      `(worst at ${worst.threads} threads: modelled ${pctText(worst.modelled)}, published ${pctText(worst.published)})`);
  }
  return { agreed: judged.filter((r) => r.agrees).length, judged: judged.length, disagreements };
}
