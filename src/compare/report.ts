/**
 * Writes the side-by-side compare report next to the standard report of the same run:
 * compare.html (self-contained, links index.html), compare.md, compare.csv (rates, cycles
 * per fault, % vs baseline), compare-layouts.csv, new-sharing.csv and, for offset sweeps,
 * plots/whatif-*.svg|png. "New sharing" comes first: it is the thing a reviewer must see.
 */
import { join } from 'node:path';
import { stringify } from '../util/csv.ts';
import { CSV_NUMBERS } from '../util/csv-number.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { escapeHtml as esc, htmlTable, markdownTable, mdText, type TableData } from '../report/tables.ts';
import { joinInside } from '../util/safe-path.ts';
import { renderPlot } from '../report/plots/render.ts';
import { buildCompareModel, type CompareInput, type CompareModel } from './model.ts';
import { heatmapSpec, heatRows } from './heatmap.ts';

const CSS = `body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:2rem auto;max-width:1400px;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ccc;margin-top:2rem} .note{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-size:.85rem} th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.num{text-align:right;font-family:"DejaVu Sans Mono",monospace;white-space:pre}
td.better{background:#e3f4e6} td.worse{background:#fbe6e3} .flag{background:#fff4d6;border:1px solid #e0b84c;padding:.6rem 1rem}
.ok{background:#e9f5ea;border:1px solid #9c9;padding:.6rem 1rem} figure{overflow-x:auto}`;

function newSharingTable(m: CompareModel): TableData {
  return {
    header: ['candidate', 'writer field', 'victim field', 'misses/fault', 'via prefetch/fault', 'kind', 'writer paths', 'victim paths', 'where'],
    body: m.newSharing.map((n) => [n.candidate, n.writer, n.victim, n.missesPerOp.toFixed(3), n.viaPrefetchPerOp.toFixed(3), n.kind,
      n.writerPaths.join(', '), n.victimPaths.join(', '), n.where.join('; ')]),
    numeric: [3, 4],
  };
}

export function renderCompareHtml(m: CompareModel, figures: Array<{ name: string; svg: string; caption: string }>): string {
  const parts: string[] = [];
  const flag = m.newSharing.length
    ? `<div class="flag"><b>New sharing: ${m.newSharing.length} (writer → victim) field pair(s)</b> false-share in a candidate but not in ${esc(m.baseline)}.</div>\n${htmlTable(newSharingTable(m), 'new-sharing')}`
    : `<div class="ok">No new sharing: every false-sharing field pair of the candidates also occurs in ${esc(m.baseline)}.</div>`;
  parts.push(`<section id="new-sharing"><h2>New sharing vs ${esc(m.baseline)}</h2>${flag}</section>`);
  for (const s of m.sections) {
    parts.push(`<section id="${s.id}"><h2>${esc(s.title)}</h2>${s.intro ? `<p class="note">${esc(s.intro)}</p>` : ''}\n` +
      s.tables.map((t) => `${t.caption ? `<h3>${esc(t.caption)}</h3>` : ''}${htmlTable(t.data, s.id)}`).join('\n') + '</section>');
  }
  if (figures.length) {
    parts.push(`<section id="whatif"><h2>What-if sweep</h2>${figures.map((f) => `<figure>${f.svg}<figcaption class="note">${esc(f.caption)} (plots/${esc(f.name)}.svg, .png)</figcaption></figure>`).join('\n')}</section>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(m.title)} — linesim compare</title><style>${CSS}</style></head>
<body><h1>${esc(m.title)}: ${esc(m.layouts.map((l) => l.name).join(' vs '))}</h1>
<p class="note">Modelled numbers (linesim), not measurements. Baseline: <b>${esc(m.baseline)}</b>. Full report of the same run: <a href="index.html">index.html</a> (results.csv, summary.md).</p>
${m.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
${parts.join('\n')}
</body></html>
`;
}

export function renderCompareMarkdown(m: CompareModel): string {
  const out = [`# ${mdText(m.title)}: ${m.layouts.map((l) => mdText(l.name)).join(' vs ')}`, '', `Modelled numbers (linesim), not measurements. Baseline: ${mdText(m.baseline)}.`, ''];
  for (const n of m.notes) out.push(n, '');
  out.push(`## New sharing vs ${mdText(m.baseline)}`, '');
  out.push(m.newSharing.length ? `**${m.newSharing.length} new false-sharing field pair(s):**\n\n${markdownTable(newSharingTable(m))}` : `None: every false-sharing pair of the candidates also occurs in ${mdText(m.baseline)}.`, '');
  for (const s of m.sections) {
    out.push(`## ${s.title}`, '');
    if (s.intro) out.push(s.intro, '');
    for (const t of s.tables) out.push(...(t.caption ? [`### ${t.caption}`, ''] : []), markdownTable(t.data), '');
  }
  return out.join('\n');
}

export async function writeCompareReport(out: string, input: CompareInput): Promise<string[]> {
  const m = buildCompareModel(input);
  const files: string[] = [];
  const write = (rel: string, data: string | Uint8Array) => { writeFileAtomic(joinInside(out, rel), data); files.push(rel); };
  const figures: Array<{ name: string; svg: string; caption: string }> = [];
  if ('slabOffset' in input.experiment.axes) {
    const metric = input.experiment.metrics[0]!;
    const rows = heatRows(input.points, metric, m.baseline);
    const plots: Array<{ name: string; field: 'value' | 'pct'; title: string }> = [{ name: 'whatif-offsets', field: 'value', title: `${metric.name} by slab start offset` }];
    if (rows.some((r) => r.pct !== null)) plots.push({ name: 'whatif-offsets-pct', field: 'pct', title: `${metric.name}: % change vs ${m.baseline}` });
    for (const p of plots) {
      const r = await renderPlot(heatmapSpec(metric, rows, p.field, p.title));
      write(`plots/${p.name}.svg`, r.svg);
      write(`plots/${p.name}.png`, r.png);
      figures.push({ name: p.name, svg: r.svg, caption: p.title });
    }
    write('whatif.csv', stringify(rows, { ...CSV_NUMBERS, header: true, columns: ['layout', 'profile', 'setting', 'slabOffset', 'value', 'pct'] }));
  }
  write('compare.csv', stringify(m.csvRows, { ...CSV_NUMBERS, header: true, columns: ['group', 'layout', 'threads', 'metric', 'value', 'pct_vs_baseline'] }));
  write('compare-layouts.csv', stringify(m.layouts.map((l) => ({ ...l })), { ...CSV_NUMBERS, header: true }));
  write('new-sharing.csv', stringify(m.newSharing.map((n) => ({ candidate: n.candidate, writer: n.writer, victim: n.victim, misses_per_fault: n.missesPerOp,
    via_prefetch_per_fault: n.viaPrefetchPerOp, kind: n.kind, writer_paths: n.writerPaths.join('; '), victim_paths: n.victimPaths.join('; '), where: n.where.join('; ') })),
  { ...CSV_NUMBERS, header: true, columns: ['candidate', 'writer', 'victim', 'misses_per_fault', 'via_prefetch_per_fault', 'kind', 'writer_paths', 'victim_paths', 'where'] }));
  write('compare.md', renderCompareMarkdown(m) + '\n');
  write('compare.html', renderCompareHtml(m, figures));
  return files;
}
