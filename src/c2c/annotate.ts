/**
 * Map a perf c2c pareto onto a struct layout: for each hot line at a known base
 * address, which field each sampled offset falls in, and the HITM counts it stands for
 * (its % of the line's local/remote HITMs × the line's totals). Optionally, the model's
 * attribution for the same fields (coherence misses as victim / as writer, from an
 * experiment's attribution.csv) beside the measured HITMs.
 */
import type { Layout } from '../layout/schema.ts';
import type { C2cReport } from './types.ts';

export interface AnnotatedRow {
  lineIndex: number; lineAddress: string; structOffset: number; offsetInLine: number;
  field: string; lclHitm: number; rmtHitm: number; pctStoreL1Hit: number | null;
  symbol: string; source: string; inputLine: number;
}

export interface FieldSummary { field: string; hitm: number; share: number; modelVictim: number | null; modelWriter: number | null }

/** Field(s) covering a byte offset: union members joined with "|"; gaps and bytes past the end say so. */
export function fieldAt(layout: Layout, off: number): string {
  if (off < 0 || off >= layout.size) return `(outside ${layout.name}: +${off})`;
  const hits = layout.fields.filter((f) => f.offset <= off && off < f.offset + f.size);
  if (hits.length === 0) return `(hole at +${off})`;
  // the innermost members: a union's container field (e.g. vm_rcu over vm_start) goes last
  hits.sort((a, b) => a.size - b.size || a.offset - b.offset);
  return hits.map((f) => f.name).join('|');
}

export function annotate(report: C2cReport, layout: Layout, base: bigint): { rows: AnnotatedRow[]; skipped: string[] } {
  const rows: AnnotatedRow[] = [];
  const skipped: string[] = [];
  for (const line of report.pareto) {
    const lineOff = BigInt(line.address) - base;
    if (lineOff + 64n <= 0n || lineOff >= BigInt(layout.size)) {
      skipped.push(`line ${line.index} (${line.address}) is not inside ${layout.name} at base 0x${base.toString(16)}`);
      continue;
    }
    for (const r of line.rows) {
      const off = Number(lineOff) + r.offset;
      rows.push({
        lineIndex: line.index, lineAddress: line.address, structOffset: off, offsetInLine: r.offset, field: fieldAt(layout, off),
        lclHitm: (r.pctLcl / 100) * line.lcl, rmtHitm: (r.pctRmt / 100) * line.rmt, pctStoreL1Hit: r.pctStoreL1Hit,
        symbol: r.symbol, source: r.source, inputLine: r.line,
      });
    }
  }
  return { rows, skipped };
}

/** Model attribution by field name (object prefix dropped): coherence misses as victim and as writer. */
export interface ModelByField { point: string; object: string; objectShare: number; victim: Map<string, number>; writer: Map<string, number> }

export function summarize(rows: AnnotatedRow[], model: ModelByField | null): FieldSummary[] {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.field, (by.get(r.field) ?? 0) + r.lclHitm + r.rmtHitm);
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  const vTot = model ? [...model.victim.values()].reduce((a, b) => a + b, 0) : 0;
  const wTot = model ? [...model.writer.values()].reduce((a, b) => a + b, 0) : 0;
  const share = (m: Map<string, number>, tot: number, field: string) =>
    tot > 0 ? field.split('|').reduce((a, f) => a + (m.get(f) ?? 0), 0) / tot : 0;
  const out = [...by.entries()].sort((a, b) => b[1] - a[1]).map(([field, hitm]) => ({
    field, hitm, share: total > 0 ? hitm / total : 0,
    modelVictim: model ? share(model.victim, vTot, field) : null,
    modelWriter: model ? share(model.writer, wTot, field) : null,
  }));
  // fields the model blames that perf did not sample on these lines: shown with 0 HITMs
  const seen = new Set(out.flatMap((r) => r.field.split('|')));
  const extra = model ? [...new Set([...model.victim.keys(), ...model.writer.keys()])].filter((f) => !seen.has(f)) : [];
  extra.sort((a, b) => share(model!.victim, vTot, b) - share(model!.victim, vTot, a) || a.localeCompare(b));
  return [...out, ...extra.map((field) => ({ field, hitm: 0, share: 0, modelVictim: share(model!.victim, vTot, field), modelWriter: share(model!.writer, wTot, field) }))];
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function formatAnnotation(layout: Layout, rows: AnnotatedRow[], summary: FieldSummary[], model: ModelByField | null, skipped: string[]): string {
  const out: string[] = [];
  const fw = Math.max(12, ...rows.map((r) => r.field.length));
  let last = -1;
  for (const r of rows) {
    if (r.lineIndex !== last) {
      last = r.lineIndex;
      const start = r.structOffset - r.offsetInLine;
      out.push('', `cacheline ${r.lineIndex}  ${r.lineAddress}  = ${layout.name} +${start}..${start + 63}`,
        `  ${lpad('off', 5)}  ${pad('field', fw)}  ${lpad('lcl HITM', 9)}  ${lpad('rmt HITM', 9)}  ${lpad('st L1hit', 8)}  symbol  source`);
    }
    out.push(`  ${lpad('+' + r.structOffset, 5)}  ${pad(r.field, fw)}  ${lpad(r.lclHitm.toFixed(0), 9)}  ${lpad(r.rmtHitm.toFixed(0), 9)}  ${lpad(r.pctStoreL1Hit === null ? '—' : r.pctStoreL1Hit.toFixed(1) + '%', 8)}  ${r.symbol}  ${r.source}`);
  }
  out.push('', `HITMs by field${model ? ` (model: ${model.point}; object '${model.object}' = ${pct(model.objectShare)} of the point's coherence misses)` : ''}`,
    `  ${pad('field', fw)}  ${lpad('HITM', 8)}  ${lpad('share', 7)}${model ? `  ${lpad('model victim', 12)}  ${lpad('model writer', 12)}` : ''}`);
  for (const s of summary) {
    out.push(`  ${pad(s.field, fw)}  ${lpad(s.hitm.toFixed(0), 8)}  ${lpad(pct(s.share), 7)}${model ? `  ${lpad(pct(s.modelVictim), 12)}  ${lpad(pct(s.modelWriter), 12)}` : ''}`);
  }
  if (model) out.push('', `model victim/writer: share of the modelled coherence misses on '${model.object}' whose victim / writer access was to that field (attribution.csv pair rows).`);
  for (const s of skipped) out.push(`note: ${s}`);
  return out.join('\n').replace(/^\n/, '') + '\n';
}
