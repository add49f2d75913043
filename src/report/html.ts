/**
 * index.html: one self-contained file (inline CSS and SVG, no scripts, no network), so it
 * can be attached to a mail or opened from a CI artifact.
 */
import type { ReportModel } from './report-model.ts';
import { coordLabel } from './axes.ts';
import { AGREEMENT_RULE, agreementSummary, reproductionTable } from './reproduction.ts';
import type { PublishedEntry } from './results-file.ts';
import { SIGNIFICANCE_RULE } from './stats.ts';
import { verdictHtml } from './verdict-render.ts';
import { compareTableData, escapeHtml as esc, htmlTable, linesTableData, pairsTableData, statsTableData } from './tables.ts';

const CSS = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #222; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
.meta, .rule { color: #555; font-size: 0.9rem; }
figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { color: #555; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.8rem 0 1.5rem; font-size: 0.85rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num, th.num { text-align: right; font-family: "DejaVu Sans Mono", monospace; white-space: pre; }
tr:nth-child(even) td { background: #fafafa; }
td.better { background: #e3f4e6 !important; } td.worse { background: #fbe6e3 !important; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
.agree { font-weight: bold; }
nav a { margin-right: 1rem; }
.verdict { border: 2px solid #4a7; padding: 0 1rem 0.5rem; margin-top: 1rem; } .verdict h2 { margin-top: 0.8rem; }
.caveat { background: #fff4d6; border: 1px solid #e0b84c; padding: 0.4rem 1rem; margin: 0.6rem 0; }
.flag { background: #fbe6e3; border: 1px solid #d99; padding: 0 1rem; }
details > summary { cursor: pointer; color: #245; margin: 0.4rem 0; }
`;

export function renderHtml(m: ReportModel, svgs: Map<string, string>): string {
  const e = m.experiment;
  const parts: string[] = [];
  const nav: string[] = [];
  const section = (id: string, title: string, body: string) => {
    nav.push(`<a href="#${id}">${esc(title)}</a>`);
    parts.push(`<section id="${id}"><h2>${esc(title)}</h2>\n${body}</section>`);
  };

  // The answer first; everything after it is detail, much of it folded.
  parts.push(verdictHtml(m.verdict, m.verdictWhy));
  const caveat = m.verdict?.published?.disagreements.length
    ? `<p class="caveat">† The model disagrees with published numbers for: ${m.verdict.published.disagreements.map((d) => esc(d.split(':')[0]!)).join('; ')} (see Verdict and Reproduction).</p>\n`
    : '';

  if (m.plots.length > 0) {
    section('plots', 'Plots', caveat + m.plots.map((p) => {
      const svg = svgs.get(p.name) ?? '';
      return `<figure class="plot" data-plot="${esc(p.name)}">${svg}<figcaption>${esc(p.caption)} (plots/${esc(p.name)}.svg, .png)</figcaption></figure>`;
    }).join('\n'));
  }

  if (m.compare) {
    const { setup, tables } = m.compare;
    section('compare', `Comparison vs ${setup.axis} ${setup.baseline}`,
      `<p class="rule">mmtests-compare style: Hmean (Amean for non-rate metrics) over iterations, % change vs ${esc(setup.axis)} ` +
      `<b>${esc(setup.baseline)}</b> at the same value of every other axis. ${esc(SIGNIFICANCE_RULE)} ` +
      'Significant changes are shaded green when better, red when worse.</p>\n' + caveat +
      tables.map((t) => `<details><summary>${esc(coordLabel(t.group) || 'all points')}</summary>\n${htmlTable(compareTableData(t), 'compare')}</details>`).join('\n'));
  }

  if (m.reproduction.length > 0) {
    section('reproduction', 'Reproduction of published results',
      `<p class="agree">${esc(agreementSummary(m.reproduction))}</p><p class="rule">${esc(AGREEMENT_RULE)}</p>\n` +
      alternativeNotes(m.experiment.published ?? []) +
      `<details><summary>${m.reproduction.length} rows (also reproduction.csv)</summary>${htmlTable(reproductionTable(m.reproduction), 'reproduction')}</details>`);
  }

  const withData = m.shownAttribution.filter((a) => a.lines.length + a.pairsByMisses.length + a.pairsByPrefetch.length > 0);
  if (m.shownAttribution.length > 0) {
    section('attribution', 'Attribution (perf c2c style)', withData.length === 0
      ? '<p>No cacheline or field-pair counters in these results (the workload recorded none).</p>'
      : '<p class="rule">One block per series at its max thread count (all points: attribution.csv). Counts are per-iteration means; ' +
        'field offsets are byte ranges within the object.</p>\n' +
        withData.map((a) => {
          const blocks = [`<details><summary>${esc(coordLabel(a.coords))}</summary>`, `<p class="meta">${a.iterations} iterations, ${a.opsPerIteration.toFixed(0)} ops per iteration; ${a.pairs.length} site pairs (all in attribution.csv)</p>`];
          if (a.lines.length > 0) blocks.push('<h4>Hottest cachelines</h4>', htmlTable(linesTableData(a.lines), 'lines'));
          if (a.pairsByMisses.length > 0) blocks.push('<h4>Top field pairs by coherence misses</h4>', htmlTable(pairsTableData(a.pairsByMisses), 'pairs'));
          if (a.pairsByPrefetch.length > 0) blocks.push('<h4>Top field pairs by prefetch-induced invalidations</h4>', htmlTable(pairsTableData(a.pairsByPrefetch), 'pairs-prefetch'));
          blocks.push('</details>');
          return blocks.join('\n');
        }).join('\n'));
  }

  section('stats', 'Statistics per point', `<details><summary>${m.stats.length} point × metric rows (also stats.csv)</summary>\n${htmlTable(statsTableData(m.stats), 'stats')}</details>`);
  section('config', 'Effective configuration', `<details><summary>experiment as run (effective-config)</summary><pre>${esc(JSON.stringify(e, null, 2))}</pre></details>`);

  const meta = `workload <b>${esc(String(e.workload?.kind ?? '?'))}</b> · ${m.points.length} points · ${esc(String(e.iterations ?? '?'))} iterations each · seed ${esc(String(e.seed ?? '?'))} · modelled numbers computed from results.json`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(e.name)} — linesim report</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${CSS}</style></head>
<body>
<header><h1>${esc(e.name)}</h1><p class="meta">${meta}</p></header>
${parts[0]}
<section id="about">${e.description ? `<p>${esc(e.description)}</p>` : ''}<nav>Details: ${nav.join('')}</nav></section>
${parts.slice(1).join('\n')}
</body></html>
`;
}

/** Each alternative reading's reason, once, under the agreement rule (rows marked "alt."). */
function alternativeNotes(published: PublishedEntry[]): string {
  const why = [...new Set(published.flatMap((e) => (typeof e.alternative === 'string' ? [`${e.candidate} vs ${e.baseline} (${e.profile}), prefetch ${e.prefetch}: ${e.alternative}`] : [])))];
  return why.map((w) => `<p class="rule">alt. ${esc(w)}</p>\n`).join('');
}
