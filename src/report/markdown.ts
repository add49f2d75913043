/** summary.md: the report's tables as Markdown, for pasting into a patch mail or an issue. */
import type { ReportModel } from './report-model.ts';
import { coordLabel } from './axes.ts';
import { mmtestsText } from './compare.ts';
import { AGREEMENT_RULE, agreementSummary, reproductionTable } from './reproduction.ts';
import { SIGNIFICANCE_RULE } from './stats.ts';
import { linesTableData, markdownTable, mdCode, mdText, pairsTableData } from './tables.ts';

export function renderMarkdown(m: ReportModel): string {
  const e = m.experiment;
  const out: string[] = [`# ${mdText(e.name)}`, ''];
  if (e.description) out.push(mdText(e.description), '');
  out.push(`Workload \`${mdCode(String(e.workload?.kind ?? '?'))}\`, ${m.points.length} points, ${e.iterations ?? '?'} iterations each, seed ${e.seed ?? '?'}. ` +
    'All numbers are computed from results.json (modelled, not measured).', '');

  if (m.compare) {
    out.push(`## Comparison vs ${mdText(m.compare.setup.axis)} \`${mdCode(m.compare.setup.baseline)}\``, '', SIGNIFICANCE_RULE, '');
    for (const t of m.compare.tables) {
      out.push(`### ${mdText(coordLabel(t.group)) || 'all points'}`, '', '```', mdCode(mmtestsText(t)), '```', '');
    }
  }

  if (m.reproduction.length > 0) {
    out.push('## Reproduction of published results', '', `**${agreementSummary(m.reproduction)}.** ${AGREEMENT_RULE}`, '');
    out.push(markdownTable(reproductionTable(m.reproduction)), '');
  }

  const withData = m.shownAttribution.filter((a) => a.lines.length + a.pairsByMisses.length + a.pairsByPrefetch.length > 0);
  if (withData.length > 0) {
    out.push('## Attribution (max thread count per series)', '', 'Counts are per-iteration means. Offsets are within the object.', '');
    for (const a of withData) {
      out.push(`### ${mdText(coordLabel(a.coords))}`, '');
      if (a.lines.length > 0) out.push('Hottest cachelines:', '', markdownTable(linesTableData(a.lines)), '');
      if (a.pairsByMisses.length > 0) out.push('Top field pairs by coherence misses:', '', markdownTable(pairsTableData(a.pairsByMisses)), '');
      if (a.pairsByPrefetch.length > 0) out.push('Top field pairs by prefetch-induced invalidations:', '', markdownTable(pairsTableData(a.pairsByPrefetch)), '');
    }
  }
  return out.join('\n');
}
