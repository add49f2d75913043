/**
 * Parse `perf c2c report --stdio` text (perf 4.x to 6.x layouts, `--full-cl`, `-c`
 * coalesce variants, `-d peer`, and headerless pareto excerpts as pasted in mails):
 * the Shared Data Cache Line Table and the Shared Cache Line Distribution Pareto.
 * Any line that cannot be read is one InputError naming the file and the line.
 */
import { InputError } from '../util/errors.ts';
import { findCol, parseHeader, type Column } from './columns.ts';
import type { C2cLine, C2cReport, ParetoLine, ParetoRow } from './types.ts';

type Kind = 'trace' | 'global' | 'details' | 'table' | 'pareto';
const TITLES: Array<[RegExp, Kind]> = [
  [/^Trace Event Information$/, 'trace'], [/^Global Shared Cache Line Event Information$/, 'global'], [/^c2c details$/, 'details'],
  [/^Shared Data Cache Line Table/, 'table'], [/^Shared Cache Line Distribution Pareto$/, 'pareto'],
];
const banner = (l: string | undefined) => l !== undefined && /^\s*={10,}\s*$/.test(l);
const HEX = /^0x[0-9a-f]+$/i;
const NUM = /^-?\d+(\.\d+)?$/;
const PCT = /^\d+(\.\d+)?%$/;

interface Section { kind: Kind; from: number; to: number }

function sections(lines: string[]): Section[] {
  const out: Section[] = [];
  for (let i = 1; i + 1 < lines.length; i++) {
    const hit = TITLES.find(([re]) => re.test(lines[i]!.trim()));
    if (hit && banner(lines[i - 1]) && banner(lines[i + 1])) {
      if (out.length) out[out.length - 1]!.to = i - 1;
      out.push({ kind: hit[1], from: i + 2, to: lines.length });
    }
  }
  return out;
}

export function parseC2c(text: string, source: string): C2cReport {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fail = (i: number, why: string): never => { throw new InputError(source, `line ${i + 1}`, why); };
  const secs = sections(lines);
  if (!secs.some((s) => s.kind === 'table' || s.kind === 'pareto')) {
    fail(0, "not `perf c2c report --stdio` output: no 'Shared Data Cache Line Table' or 'Shared Cache Line Distribution Pareto' section");
  }
  const report: C2cReport = { source, display: 'hitm', stats: {}, lines: [], pareto: [] };
  for (const s of secs) {
    const body = lines.slice(s.from, s.to).map((text, k) => ({ text, i: s.from + k }));
    if (s.kind === 'trace' || s.kind === 'global' || s.kind === 'details') {
      for (const { text } of body) {
        const m = /^\s*([^:]+?)\s+:\s+(.*?)\s*$/.exec(text);
        if (m && !report.stats[m[1]!]) report.stats[m[1]!] = m[2]!;
      }
    } else if (s.kind === 'table') readTable(body, report, fail);
    else readPareto(body, report, fail);
  }
  return report;
}

type Body = Array<{ text: string; i: number }>;
type Fail = (i: number, why: string) => never;
const hashLines = (body: Body) => body.filter((b) => /^\s*#/.test(b.text)).map((b) => b.text);
const intOr = (cols: Column[], toks: string[], name: RegExp, group?: RegExp): number | null => {
  const k = findCol(cols, name, group);
  return k >= 0 && NUM.test(toks[k] ?? '') ? Number(toks[k]) : null;
};

function readTable(body: Body, r: C2cReport, fail: Fail): void {
  const cols = parseHeader(hashLines(body));
  if (!cols) fail(body[0]?.i ?? 0, "Shared Data Cache Line Table without its '#' column header (the row of dots)");
  const c = cols!;
  if (findCol(c, /^Snoop$/, /^Peer$/) >= 0 || findCol(c, /^Total$/, /Load Peer/) >= 0) r.display = 'peer';
  for (const { text, i } of body) {
    if (/^\s*(#|$)/.test(text)) continue;
    const t = text.trim().split(/\s+/);
    if (t.length !== c.length) fail(i, `Shared Data Cache Line Table row has ${t.length} columns, the header has ${c.length}`);
    const addr = t[findCol(c, /^(Address|Cacheline)$/)] ?? '';
    if (!/^\d+$/.test(t[0]!) || !HEX.test(addr)) fail(i, `expected '<index> <hex address> …', got '${text.trim().slice(0, 60)}'`);
    const pct = t.find((x) => PCT.test(x));
    const line: C2cLine = {
      index: Number(t[0]), address: addr.toLowerCase(), pct: pct ? Number(pct.slice(0, -1)) : null,
      totalHitm: intOr(c, t, /^Total$/, /Load Hitm/),
      lclHitm: intOr(c, t, /^(Lcl|LclHitm)$/, /Load Hitm/) ?? intOr(c, t, /^LclHitm$/, /LLC Load Hit/),
      rmtHitm: intOr(c, t, /^(Rmt|RmtHitm)$/, /Load Hitm/) ?? intOr(c, t, /^RmtHitm$/, /RMT Load Hit/),
      records: intOr(c, t, /^records$/, /Total/), loads: intOr(c, t, /^Loads$/, /Total/),
      stores: intOr(c, t, /^Stores$/, /^Total$/) ?? intOr(c, t, /^Total$/, /Store Reference/),
      line: i + 1, columns: Object.fromEntries(c.map((col, k) => [`${col.group} ${col.name}`.trim(), t[k]!])),
    };
    if (line.totalHitm === null && line.lclHitm !== null && line.rmtHitm !== null) line.totalHitm = line.lclHitm + line.rmtHitm;
    r.lines.push(line);
  }
}

/**
 * Symbol, Object and Source:Line cut at the header's column spans: with --full-symbols a
 * symbol may contain spaces (C++), which whitespace splitting would shift. Only used when
 * the cut looks right (the symbol starts with "[.]"/"[k]"); otherwise null.
 */
function bySpans(text: string, cols: Column[], si: number): Record<string, string> | null {
  if (si < 1) return null;
  const cut = (i: number) => text.slice(cols[i - 1]!.end + 1, i === cols.length - 1 ? undefined : cols[i]!.end + 1).trim();
  const symbol = cut(si);
  if (!/^\[.\] \S/.test(symbol)) return null;
  const out: Record<string, string> = { Symbol: symbol.replace(/\s+/g, ' ') };
  for (let i = si + 1; i < cols.length; i++) {
    const name = cols[i]!.name;
    if (name === 'Object' || name === 'Source:Line') out[name] = cut(i);
  }
  return out;
}

/** Columns of a pareto row after the percentages, when the excerpt has no header. */
const DEFAULT_TAIL = ['Offset', 'Node', 'PA cnt', 'Code address', 'rmt hitm', 'lcl hitm', 'load', 'records', 'cnt', 'Symbol', 'Object', 'Source:Line', 'Node'];

function readPareto(body: Body, r: C2cReport, fail: Fail): void {
  const cols = parseHeader(hashLines(body));
  if (cols && findCol(cols, /^(Rmt|Lcl)$/, /Peer Snoop/) >= 0) r.display = 'peer';
  const off = cols ? findCol(cols, /^Offset$/) : -1;
  // The per-line summary columns (Num, HITM, [Snoop Peer], Store Refs) sit left of "Offset".
  const mid = cols && off > 0 ? cols.slice(1, off).map((c) => c.name) : null;
  const tail = cols && off > 0 ? cols.slice(off).map((c) => c.name) : DEFAULT_TAIL;
  let cur: ParetoLine | null = null;
  const midIndex = (names: RegExp) => (mid ? mid.findIndex((n) => names.test(n)) : -1);
  for (const { text, i } of body) {
    const s = text.trim();
    if (s === '' || s.startsWith('#') || /^-{10,}$/.test(s)) continue;
    const t = s.split(/\s+/);
    if (HEX.test(t[t.length - 1]!) && t.slice(0, -1).every((x) => /^\d+$/.test(x)) && t.length >= 4) {
      const m = t.slice(1, -1).map(Number);
      const at = (re: RegExp, dflt: number) => { const k = midIndex(re); return m[k >= 0 ? k : dflt] ?? null; };
      cur = { index: Number(t[0]), address: t[t.length - 1]!.toLowerCase(), rmt: at(/^(Rmt|RmtHitm)$/, 0) ?? 0, lcl: at(/^(Lcl|LclHitm)$/, 1) ?? 0,
        storeL1Hit: at(/^L1 Hit$/, 2), storeL1Miss: at(/^L1 Miss$/, 3), rows: [], line: i + 1 };
      r.pareto.push(cur);
      continue;
    }
    if (!cur) fail(i, `pareto row before any cacheline header ('<num> <counts…> <hex address>' between dashed lines)`);
    let k = 0;
    const pcts: number[] = [];
    while (k < t.length && PCT.test(t[k]!)) pcts.push(Number(t[k++]!.slice(0, -1)));
    if (pcts.length < 2) fail(i, `expected a pareto row starting with HITM percentages, got '${s.slice(0, 60)}'`);
    const v: Record<string, string> = {};
    const sym = cols && off > 0 ? bySpans(text, cols, findCol(cols, /^Symbol$/)) : null;
    const tailEnd = sym ? tail.indexOf('Symbol') : tail.length;
    for (let c = 0; c < tailEnd && k < t.length; c++) {
      const name = tail[c]!;
      if (name === 'Symbol' && /^\[.\]$/.test(t[k]!) && k + 1 < t.length) { v.Symbol = `${t[k]} ${t[k + 1]}`; k += 2; continue; }
      if (c === tail.length - 1) { v[`last:${name}`] = t.slice(k).join(' '); k = t.length; break; }
      if (!(name in v)) v[name] = t[k]!;
      k++;
    }
    if (sym) Object.assign(v, sym);
    const offText = v.Offset ?? '';
    if (!HEX.test(offText)) fail(i, `expected a hex data offset, got '${offText}'`);
    let offset = Number(BigInt(offText));
    if (offset >= 64 && BigInt(offText) >= BigInt(cur!.address)) offset = Number(BigInt(offText) - BigInt(cur!.address)); // --full-cl prints full addresses
    const num = (key: string) => (v[key] !== undefined && NUM.test(v[key]!) ? Number(v[key]) : null);
    const pi = (re: RegExp, dflt: number) => { const q = midIndex(re); return pcts[q >= 0 ? q : dflt] ?? null; };
    const row: ParetoRow = {
      offset, pctRmt: pi(/^(Rmt|RmtHitm)$/, 0) ?? 0, pctLcl: pi(/^(Lcl|LclHitm)$/, 1) ?? 0,
      pctStoreL1Hit: pi(/^L1 Hit$/, 2), pctStoreL1Miss: pi(/^L1 Miss$/, 3),
      node: v.Node ?? '', pid: v.Pid ?? null, tid: v.Tid ?? null, codeAddress: v['Code address'] ?? null,
      cyclesRmt: num('rmt hitm') ?? num('rmt peer'), cyclesLcl: num('lcl hitm') ?? num('lcl peer'), cyclesLoad: num('load'),
      records: num('records'), cpuCount: num('cnt'), symbol: v.Symbol ?? '', object: v.Object ?? '', source: v['Source:Line'] ?? '', line: i + 1,
    };
    cur!.rows.push(row);
  }
}
