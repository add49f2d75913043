/**
 * The verdict block as HTML (top of index.html) and as Markdown (top of summary.md).
 * Both format the same Verdict and the same TableData, so they cannot disagree.
 */
import type { TableData } from './tables.ts';
import { escapeHtml as esc, htmlTable, markdownTable, mdText } from './tables.ts';
import { cellText, PAIR_FLOOR_PER_OP, type Verdict } from './verdict.ts';
import type { FieldPair } from './field-pairs.ts';

/** Groups shown in the verdict table of summary.md (the HTML shows all). */
export const MD_VERDICT_ROWS = 24;

export function verdictTable(v: Verdict, maxRows = Infinity): TableData {
  const rows = v.rows.slice(0, maxRows);
  return {
    header: ['', ...v.threads.map((t) => `${t} thr`)],
    body: rows.map((r) => [r.label, ...r.cells.map((c) => (c ? cellText(c, v.setup.baseline) : '–'))]),
    classes: rows.map((r) => ['', ...r.cells.map((c) => {
      if (!c || !c.significant) return '';
      return c.winner === v.setup.baseline ? 'worse' : 'better';
    })]),
  };
}

const pairText = (p: FieldPair) => `${p.writer} → ${p.victim} ${p.missesPerOp.toFixed(3)}/op${p.viaPrefetchPerOp > 0 ? ` (${p.viaPrefetchPerOp.toFixed(3)} via prefetch)` : ''}`;

/** Plain-text lines of the verdict after its table: legend, statements, sharing, caveats. */
export function verdictLines(v: Verdict): { legend: string; statements: string[]; sharing: string[]; newSharing: string[]; published: string[] } {
  const legend = `Cells: the winner on ${v.metric.name} (${v.metric.higherIsBetter ? 'higher' : 'lower'} is better) and its % change vs ${v.setup.axis} ` +
    `${v.setup.baseline}; when ${v.setup.baseline} wins or nothing differs, the best candidate's change in parentheses. ` +
    '* significant (Welch t-test p < 0.05 over iterations); ≈ no significant change; † the model disagrees with a published number here.';
  const sharing = v.sharing.map((s) => {
    const f = s.falseSharing.length ? s.falseSharing.map(pairText).join('; ') : 'none';
    const t = s.trueSharing.length ? ` — true sharing (same field): ${s.trueSharing.map(pairText).join('; ')}` : '';
    return `${s.value}: false sharing ${f}${t}`;
  });
  const newSharing = v.newSharing.map((n) => `${n.candidate}: ${pairText(n)} at ${n.where} (paths ${n.paths.slice(0, 2).join(', ')})`);
  // the verdict's metric first; disagreements on other metrics are counted, listed in Reproduction
  const onMetric = (v.published?.disagreements ?? []).filter((d) => d.split(':')[0]!.endsWith(`, ${v.metric.name}`));
  const shown = onMetric.length ? onMetric : (v.published?.disagreements ?? []);
  const others = (v.published?.disagreements.length ?? 0) - shown.length;
  const published = v.published
    ? [`Agreement with published numbers: ${v.published.agreed} of ${v.published.judged} judged rows.`, ...shown.map((d) => `† ${d}`),
      ...(others > 0 ? [`† and ${others} series on other metrics (Reproduction table)`] : [])]
    : [];
  return { legend, statements: v.statements, sharing, newSharing, published };
}

export function verdictHtml(v: Verdict | null, why: string): string {
  if (!v) return `<section id="verdict" class="verdict"><h2>Verdict</h2><p>${esc(why)}</p></section>`;
  const l = verdictLines(v);
  const list = (xs: string[]) => `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  return `<section id="verdict" class="verdict"><h2>Verdict: ${esc(v.setup.candidates.join(', '))} vs ${esc(v.setup.baseline)}</h2>
${list(l.statements)}
${htmlTable(verdictTable(v), 'verdict')}
<p class="rule">${esc(l.legend)}</p>
<h3>Field pairs that share a cacheline (max threads, worst profile)</h3>${list(l.sharing)}
<h3>New sharing a candidate introduces</h3>${l.newSharing.length ? `<div class="flag">${list(l.newSharing)}</div>` : `<p>None: every false-sharing pair of a candidate (≥ ${PAIR_FLOOR_PER_OP} misses/op) also occurs in ${esc(v.setup.baseline)} at the same coordinates.</p>`}
${l.published.length ? `<div class="caveat"><b>${esc(l.published[0]!)}</b>${list(l.published.slice(1))}</div>` : ''}
</section>`;
}

export function verdictMarkdown(v: Verdict | null, why: string): string[] {
  if (!v) return ['## Verdict', '', mdText(why), ''];
  // every line carries user names (layouts, fields, scenarios): escaped as inert Markdown
  const raw = verdictLines(v);
  const l = { ...raw, statements: raw.statements.map(mdText), sharing: raw.sharing.map(mdText), newSharing: raw.newSharing.map(mdText), published: raw.published.map(mdText), legend: mdText(raw.legend) };
  const out = ['## Verdict', '', ...l.statements.map((s) => `- ${s}`), '', markdownTable(verdictTable(v, MD_VERDICT_ROWS)), ''];
  if (v.rows.length > MD_VERDICT_ROWS) out.push(`(${v.rows.length - MD_VERDICT_ROWS} more groups in index.html)`, '');
  out.push(l.legend, '', 'Field pairs sharing a line (max threads):', ...l.sharing.map((s) => `- ${s}`), '');
  out.push(l.newSharing.length ? 'New sharing (each candidate\'s worst pairs):' : `New sharing: none (≥ ${PAIR_FLOOR_PER_OP} misses/op).`, ...l.newSharing.map((s) => `- ${s}`), '');
  if (l.published.length) out.push(`**${l.published[0]}**`, ...l.published.slice(1).map((s) => `- ${s}`), '');
  return out;
}
