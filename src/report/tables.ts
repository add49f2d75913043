/**
 * Table contents (header + string cells) shared by the HTML and Markdown renderers, so
 * index.html and summary.md always show the same numbers.
 */
import type { CompareTable } from './compare.ts';
import { fmtNum, formatPct } from './compare.ts';
import type { LineRow, PairRow } from './attribution.ts';
import type { StatRow } from './axes.ts';
import { coordLabel } from './axes.ts';

export interface TableData {
  header: string[];
  body: string[][];
  /** columns to right-align (numbers) */
  numeric?: number[];
  /** optional CSS class per cell (same shape as body), e.g. better/worse for significant changes */
  classes?: string[][];
}

export function compareTableData(t: CompareTable): TableData {
  const { setup } = t;
  const header = ['', 'metric-threads', `${setup.baseline}`, ...setup.candidates];
  const body = t.rows.map((r) => [
    r.metric.aggregate === 'hmean' ? 'Hmean' : 'Amean',
    `${r.metric.name}-${r.threads}`,
    `${fmtNum(r.baseline.value)} ${formatPct(0, false)}`,
    ...r.candidates.map((c) => (c ? `${fmtNum(c.value)} ${formatPct(c.pct, c.significant)}` : 'n/a')),
  ]);
  // colour only significant changes, by direction of benefit (higherIsBetter)
  const classes = t.rows.map((r) => ['', '', '', ...r.candidates.map((c) => {
    if (!c || !c.significant || !Number.isFinite(c.pct)) return '';
    return (c.pct > 0) === r.metric.higherIsBetter ? 'better' : 'worse';
  })]);
  return { header, body, classes, numeric: header.map((_, i) => i).filter((i) => i >= 2) };
}

/** counts are per-iteration means: whole numbers stay whole, fractions get 2 decimals below 100 */
const n2 = (x: number) => (!Number.isFinite(x) ? 'n/a' : Number.isInteger(x) || Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
const n3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export function linesTableData(lines: LineRow[]): TableData {
  return {
    header: ['line', 'HITM local', 'HITM remote', 'invalidations', 'prefetch inv.', 'misses', 'accesses', 'fields (offset in object)', 'paths', 'CPUs'],
    body: lines.map((l) => [
      `0x${l.addr.toString(16)}`, n2(l.hitmLocal), n2(l.hitmRemote), n2(l.invalidations), n2(l.prefetchInvalidations),
      n2(l.misses), n2(l.accesses), l.fields.join('; '), l.paths.join(', '), l.cpus,
    ]),
    numeric: [1, 2, 3, 4, 5, 6],
  };
}

export function pairsTableData(pairs: PairRow[]): TableData {
  return {
    header: ['sharing', 'writer field', 'writer path', 'writer site', 'victim field', 'victim path', 'victim site', 'misses/iter', 'misses/op', 'via prefetch/iter', 'remote/iter'],
    body: pairs.map((p) => [p.trueSharing ? 'true' : 'false', p.writer, p.writerPath, p.writerSite, p.victim, p.victimPath, p.victimSite, n2(p.misses), n3(p.missesPerOp), n2(p.viaPrefetch), n2(p.remote)]),
    numeric: [7, 8, 9, 10],
  };
}

export function statsTableData(rows: StatRow[]): TableData {
  return {
    header: ['point', 'metric', 'n', 'hmean', 'mean', 'sd', 'ci95', 'min', 'max'],
    body: rows.map((r) => [coordLabel(r.point.coords), r.metric.name, String(r.stats.n), fmtNum(r.stats.hmean), fmtNum(r.stats.mean),
      fmtNum(r.stats.sd), fmtNum(r.stats.ci95), fmtNum(r.stats.min), fmtNum(r.stats.max)]),
    numeric: [2, 3, 4, 5, 6, 7, 8],
  };
}

/** GitHub-flavoured Markdown table; pipes in cells escaped. */
/**
 * User text (names, descriptions) as inert Markdown: HTML-significant characters become
 * entities, Markdown punctuation is backslash-escaped, line breaks become spaces, so a
 * name cannot open a link, an image, a tag or a new block.
 */
export function mdText(s: string): string {
  return String(s)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\`[\]|]/g, (c) => `\\${c}`);
}

/** Text for a fenced code block: no line may close the fence. */
export function mdCode(s: string): string {
  return String(s).replace(/`/g, "'");
}

export function markdownTable(t: TableData): string {
  const esc = mdText;
  const align = t.header.map((_, i) => (t.numeric?.includes(i) ? '---:' : '---'));
  return [`| ${t.header.map(esc).join(' | ')} |`, `| ${align.join(' | ')} |`, ...t.body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function htmlTable(t: TableData, cls = ''): string {
  const cell = (tag: string, s: string, i: number, extra = '') => {
    const cls = [t.numeric?.includes(i) ? 'num' : '', extra].filter((c) => c !== '').join(' ');
    return `<${tag}${cls ? ` class="${cls}"` : ''}>${escapeHtml(s)}</${tag}>`;
  };
  const head = `<tr>${t.header.map((h, i) => cell('th', h, i)).join('')}</tr>`;
  const body = t.body.map((r, ri) => `<tr>${r.map((c, i) => cell('td', c, i, t.classes?.[ri]?.[i] ?? '')).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}
