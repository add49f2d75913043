/**
 * Measured vs modelled, per case and per shape: the ratio model / measured (ns per
 * operation per thread; > 1 = the model is slower than the machine) and a one-line
 * verdict per shape. Rendered as CSV, markdown and a small escaped HTML page.
 */
import { stringify } from 'csv-stringify/sync';
import type { ModelCase } from './validate-gen.ts';

export interface CompareRow { shape: string; name: string; threads: number; measuredNs: number; modelNs: number | null; ratio: number | null; note: string }

/** Within ×1.5 either way counts as agreeing: the probe's own repetitions often vary that much on a shared VM. */
export const AGREE = 1.5;

export function compareRows(cases: ModelCase[], modelNsPerOp: (scenario: string) => number | undefined): CompareRow[] {
  return cases.map((c) => {
    const raw = c.scenario ? modelNsPerOp(c.scenario) : c.constantNs;
    const modelNs = raw === undefined ? null : c.scenario ? raw * c.perThreadFactor : raw;
    return { shape: c.shape, name: c.name, threads: c.threads, measuredNs: c.measuredNs, modelNs, ratio: modelNs !== null && c.measuredNs > 0 ? modelNs / c.measuredNs : null, note: c.note ?? '' };
  });
}

export function verdicts(rows: CompareRow[]): Array<{ shape: string; verdict: string }> {
  const shapes = [...new Set(rows.map((r) => r.shape))];
  return shapes.map((shape) => {
    const rs = rows.filter((r) => r.shape === shape && r.ratio !== null && r.ratio > 0);
    if (rs.length === 0) return { shape, verdict: 'not modelled here' };
    const g = Math.exp(rs.reduce((a, r) => a + Math.log(r.ratio!), 0) / rs.length);
    const worst = rs.reduce((a, r) => (Math.abs(Math.log(r.ratio!)) > Math.abs(Math.log(a.ratio!)) ? r : a));
    const inside = rs.filter((r) => r.ratio! <= AGREE && r.ratio! >= 1 / AGREE).length;
    const dir = (x: number) => (x >= 1 ? `${x.toFixed(2)}× slower` : `${(1 / x).toFixed(2)}× faster`);
    const head = inside === rs.length ? 'agrees' : inside === 0 ? 'disagrees' : 'partly agrees';
    return { shape, verdict: `${head}: ${inside}/${rs.length} cases within ×${AGREE}; model ${dir(g)} than measured (geomean); worst ${worst.name} (${dir(worst.ratio!)})` };
  });
}

const f3 = (x: number | null) => (x === null ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function toCsv(rows: CompareRow[]): string {
  return stringify(rows.map((r) => ({ ...r, measuredNs: Number(r.measuredNs.toPrecision(4)), modelNs: r.modelNs === null ? '' : Number(r.modelNs.toPrecision(4)), ratio: r.ratio === null ? '' : Number(r.ratio.toFixed(3)) })),
    { header: true, columns: ['shape', 'name', 'threads', 'measuredNs', 'modelNs', 'ratio', 'note'] });
}

export function toMarkdown(rows: CompareRow[], title: string): string {
  const out = [`# ${title}`, '', 'ns per operation per thread (c2c: one-way ns); ratio = model / measured.', '',
    '| shape | case | measured ns | model ns | ratio | note |', '|---|---|---:|---:|---:|---|'];
  for (const r of rows) out.push(`| ${r.shape} | ${r.name} | ${f3(r.measuredNs)} | ${f3(r.modelNs)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${r.note} |`);
  out.push('', '## Verdict per shape', '');
  for (const v of verdicts(rows)) out.push(`- **${v.shape}**: ${v.verdict}`);
  return out.join('\n') + '\n';
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function toHtml(rows: CompareRow[], title: string): string {
  const tr = rows.map((r) => `<tr><td>${esc(r.shape)}</td><td>${esc(r.name)}</td><td>${f3(r.measuredNs)}</td><td>${f3(r.modelNs)}</td><td>${r.ratio === null ? '—' : r.ratio.toFixed(2)}</td><td>${esc(r.note)}</td></tr>`).join('\n');
  const vs = verdicts(rows).map((v) => `<li><b>${esc(v.shape)}</b>: ${esc(v.verdict)}</li>`).join('\n');
  return `<!doctype html><meta charset="utf-8"><title>${esc(title)}</title><style>body{font-family:sans-serif}td,th{padding:2px 8px;border-bottom:1px solid #ddd}td:nth-child(n+3){text-align:right}</style>
<h1>${esc(title)}</h1><p>ns per operation per thread (c2c: one-way ns); ratio = model / measured.</p>
<table><tr><th>shape</th><th>case</th><th>measured ns</th><th>model ns</th><th>ratio</th><th>note</th></tr>
${tr}</table><h2>Verdict per shape</h2><ul>${vs}</ul>\n`;
}
