/**
 * summary.md, for pasting into a patch mail: the verdict first, then mmtests-compare
 * blocks and the top field pairs — at most SUMMARY_MAX_LINES lines. Everything longer
 * (every group's tables, per-point attribution, statistics) is in index.html and the CSVs.
 */
import type { ReportModel } from './report-model.ts';
import { coordLabel, representativeOf } from './axes.ts';
import { mmtestsText } from './compare.ts';
import { markdownTable } from './tables.ts';
import { verdictMarkdown } from './verdict-render.ts';
import { fieldPairs } from './field-pairs.ts';

export const SUMMARY_MAX_LINES = 80;

export function renderMarkdown(m: ReportModel): string {
  const e = m.experiment;
  const out: string[] = [`# ${e.name}`, ''];
  if (e.description) out.push(e.description, '');
  out.push(`Workload \`${e.workload?.kind ?? '?'}\`, ${m.points.length} points, ${e.iterations ?? '?'} iterations each, seed ${e.seed ?? '?'}; ` +
    'modelled numbers (linesim), not measurements. Full report: index.html; all numbers: results.csv, stats.csv, attribution.csv.', '');
  out.push(...verdictMarkdown(m.verdict, m.verdictWhy));

  // Top field pairs of the first group's max-thread points, one model with attribution.csv.
  const pairs = pairLines(m);
  const room = SUMMARY_MAX_LINES - out.length - pairs.length;
  if (m.compare) {
    const blocks: string[] = [];
    for (const t of m.compare.tables) {
      const b = [`## ${coordLabel(t.group) || 'all points'}: vs ${m.compare.setup.axis} ${m.compare.setup.baseline}`, '', '```', mmtestsText(t), '```', ''];
      const lines = b.join('\n').split('\n');
      if (blocks.length + lines.length + 2 > room) {
        blocks.push(`(${m.compare.tables.length - blocks.filter((l) => l.startsWith('## ')).length} more compare blocks in index.html)`, '');
        break;
      }
      blocks.push(...lines);
    }
    out.push(...blocks);
  }
  out.push(...pairs);
  return out.slice(0, SUMMARY_MAX_LINES).join('\n').trimEnd();
}

function pairLines(m: ReportModel): string[] {
  const first = m.shownAttribution.filter((a) => a.pairs.length > 0);
  if (first.length === 0) return [];
  const key = (c: Record<string, unknown>) => coordLabel(representativeOf(c, m.compare?.setup.axis));
  const group = key(first[0]!.coords);
  const rows = first.filter((a) => key(a.coords) === group).flatMap((a) =>
    fieldPairs(a).slice(0, 4).map((p) => [m.compare ? String(a.coords[m.compare.setup.axis]) : coordLabel(a.coords), `${p.writer} → ${p.victim}`,
      p.trueSharing ? 'true' : 'false', p.missesPerOp.toFixed(3), p.viaPrefetchPerOp.toFixed(3), p.paths.slice(0, 2).join('; ')]));
  return [`## Top field pairs (${group}, max threads)`, '',
    markdownTable({ header: [m.compare?.setup.axis ?? 'point', 'writer → victim', 'sharing', 'misses/op', 'via prefetch/op', 'paths'], body: rows.slice(0, 10), numeric: [3, 4] }), ''];
}
