/**
 * summary.md, for pasting into a patch mail: the verdict first, then mmtests-compare
 * blocks and the top field pairs — at most SUMMARY_MAX_LINES lines. Everything longer
 * (every group's tables, per-point attribution, statistics) is in index.html and the CSVs.
 */
import type { ReportModel } from './report-model.ts';
import { coordLabel, representativeOf } from './axes.ts';
import { mmtestsText } from './compare.ts';
import { markdownTable, mdCode, mdText } from './tables.ts';
import { verdictMarkdown } from './verdict-render.ts';
import { fieldPairs } from './field-pairs.ts';

export const SUMMARY_MAX_LINES = 80;

export function renderMarkdown(m: ReportModel): string {
  const e = m.experiment;
  const out: string[] = [`# ${mdText(e.name)}`, ''];
  if (e.description) out.push(mdText(e.description), '');
  out.push(`Workload \`${mdCode(String(e.workload?.kind ?? '?'))}\`, ${m.points.length} points, ${e.iterations ?? '?'} iterations each, seed ${e.seed ?? '?'}; ` +
    'modelled numbers (linesim), not measurements. Full report: index.html; all numbers: results.csv, stats.csv, attribution.csv.', '');
  out.push(...verdictMarkdown(m.verdict, m.verdictWhy));

  // Top field pairs of the first group's max-thread points, one model with attribution.csv.
  // Budgets count real lines (a table is one entry with many lines).
  const lines = (xs: string[]) => xs.join('\n').split('\n');
  const pairs = lines(pairLines(m));
  const head = lines(out);
  out.length = 0;
  out.push(...head);
  const room = SUMMARY_MAX_LINES - out.length - pairs.length;
  if (m.compare) {
    // mmtests-compare blocks while they fit; at least the first group's primary metric
    const blocks: string[] = [];
    const tables = m.compare.tables;
    for (const [i, t] of tables.entries()) {
      const title = `## ${mdText(coordLabel(t.group)) || 'all points'}: vs ${mdText(m.compare.setup.axis)} ${mdText(m.compare.setup.baseline)}`;
      let bl = lines([title, '', '```', mdCode(mmtestsText(t)), '```', '']);
      if (i === 0 && blocks.length + bl.length > room) {
        const metric = t.rows[0]!.metric.name;
        bl = lines([`${title} (${mdText(metric)})`, '', '```', mdCode(mmtestsText({ ...t, rows: t.rows.filter((r) => r.metric.name === metric) })), '```', '']);
      }
      if (blocks.length + bl.length + (i < tables.length - 1 ? 2 : 0) > room) {
        blocks.push(`(${tables.length - i} more compare block(s) in index.html)`, '');
        break;
      }
      blocks.push(...bl);
    }
    out.push(...blocks);
  }
  out.push(...pairs);
  return lines(out).slice(0, SUMMARY_MAX_LINES).join('\n').trimEnd();
}

function pairLines(m: ReportModel): string[] {
  const first = m.shownAttribution.filter((a) => a.pairs.length > 0);
  if (first.length === 0) return [];
  const key = (c: Record<string, unknown>) => coordLabel(representativeOf(c, m.compare?.setup.axis));
  const group = key(first[0]!.coords);
  const rows = first.filter((a) => key(a.coords) === group).flatMap((a) =>
    fieldPairs(a).slice(0, 3).map((p) => [m.compare ? String(a.coords[m.compare.setup.axis]) : coordLabel(a.coords), `${p.writer} → ${p.victim}`,
      p.trueSharing ? 'true' : 'false', p.missesPerOp.toFixed(3), p.viaPrefetchPerOp.toFixed(3), p.paths.slice(0, 2).join('; ')]));
  return [`## Top field pairs (${mdText(group)}, max threads)`, '',
    markdownTable({ header: [m.compare?.setup.axis ?? 'point', 'writer → victim', 'sharing', 'misses/op', 'via prefetch/op', 'paths'], body: rows.slice(0, 9), numeric: [3, 4] }), ''];
}
