/**
 * Read the model's per-field attribution from an experiment's attribution.csv (written
 * by `linesim run` / `linesim report`): pair rows give coherence misses by writer and
 * victim field, per point. A small RFC-4180 reader: the file is ours, quotes and all.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../util/errors.ts';
import type { ModelByField } from './annotate.ts';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** "vma.vm_flags" → ["vma", "vm_flags"]; "vma+136" → ["vma", "+136"] */
const split = (label: string): [string, string] => {
  const m = /^([^.+]*)[.+](.*)$/.exec(label);
  return m ? [m[1]!, label[m[1]!.length] === '+' ? `+${m[2]}` : m[2]!] : [label, ''];
};

/**
 * Misses by field of one object. The object is `object` when given, else the one whose
 * attributed fields are most often fields of the annotated layout; shares are taken over
 * that object's misses, and `objectShare` says how much of the point's misses that is.
 */
export function readModelAttribution(dirOrFile: string, layoutFields: string[], pointFilter?: string, object?: string): ModelByField {
  const file = existsSync(dirOrFile) && statSync(dirOrFile).isDirectory() ? join(dirOrFile, 'attribution.csv') : dirOrFile;
  if (!existsSync(file)) throw new InputError('--against', '', `no attribution.csv at ${file} (run \`linesim run\` or \`linesim report <dir>\` first)`);
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const col = (n: string) => head?.indexOf(n) ?? -1;
  const [cp, ck, cw, cv, cm] = ['point', 'kind', 'writer', 'victim', 'misses'].map(col);
  if ([cp, ck, cw, cv, cm].some((c) => c === undefined || c < 0)) throw new InputError(file, 'line 1', 'not an attribution.csv: expected columns point, kind, writer, victim, misses');
  const pairs = rows.filter((r) => r[ck!] === 'pair' && (!pointFilter || r[cp!]!.includes(pointFilter)));
  if (pairs.length === 0) throw new InputError(file, '', pointFilter ? `no pair rows for a point matching '${pointFilter}'` : 'no pair rows (no coherence misses attributed)');
  const known = new Set(layoutFields);
  /** the object of this point's pairs whose fields are most often the layout's, if any */
  const pick = (rows: string[][]): string | undefined => {
    if (object !== undefined) return rows.some((r) => split(r[cv!]!)[0] === object || split(r[cw!]!)[0] === object) ? object : undefined;
    const votes = new Map<string, number>();
    for (const r of rows) for (const l of [r[cv!]!, r[cw!]!]) { const [o, f] = split(l); if (known.has(f)) votes.set(o, (votes.get(o) ?? 0) + 1); }
    return [...votes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  };
  // the first point (in file order) whose attribution touches this struct
  let point = '', mine: string[][] = [], obj: string | undefined;
  for (const p of [...new Set(pairs.map((r) => r[cp!]!))]) {
    const rows = pairs.filter((x) => x[cp!] === p);
    obj = pick(rows);
    if (obj !== undefined) { point = p; mine = rows; break; }
  }
  if (obj === undefined) throw new InputError(file, '', `no point's attributed fields belong to the layout${object ? ` (object '${object}')` : ''}; use --point / --object`);
  const victim = new Map<string, number>(), writer = new Map<string, number>();
  let all = 0, ofObject = 0;
  for (const r of mine) {
    const m = Number(r[cm!]);
    if (!Number.isFinite(m)) continue;
    all += m;
    const [vo, vf] = split(r[cv!]!), [wo, wf] = split(r[cw!]!);
    if (vo === obj) { victim.set(vf, (victim.get(vf) ?? 0) + m); ofObject += m; }
    if (wo === obj) writer.set(wf, (writer.get(wf) ?? 0) + m);
  }
  return { point, object: obj, objectShare: all > 0 ? ofObject / all : 0, victim, writer };
}
