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

const fieldOnly = (label: string) => label.replace(/^[^.+]*[.]/, '');

export function readModelAttribution(dirOrFile: string, pointFilter?: string): ModelByField {
  const file = existsSync(dirOrFile) && statSync(dirOrFile).isDirectory() ? join(dirOrFile, 'attribution.csv') : dirOrFile;
  if (!existsSync(file)) throw new InputError('--against', '', `no attribution.csv at ${file} (run \`linesim run\` or \`linesim report <dir>\` first)`);
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const col = (n: string) => head?.indexOf(n) ?? -1;
  const [cp, ck, cw, cv, cm] = ['point', 'kind', 'writer', 'victim', 'misses'].map(col);
  if ([cp, ck, cw, cv, cm].some((c) => c === undefined || c < 0)) throw new InputError(file, 'line 1', 'not an attribution.csv: expected columns point, kind, writer, victim, misses');
  const pairs = rows.filter((r) => r[ck!] === 'pair' && (!pointFilter || r[cp!]!.includes(pointFilter)));
  if (pairs.length === 0) throw new InputError(file, '', pointFilter ? `no pair rows for a point matching '${pointFilter}'` : 'no pair rows (no coherence misses attributed)');
  const point = pairs[0]![cp!]!;
  const victim = new Map<string, number>(), writer = new Map<string, number>();
  for (const r of pairs.filter((x) => x[cp!] === point)) {
    const m = Number(r[cm!]);
    if (!Number.isFinite(m)) continue;
    victim.set(fieldOnly(r[cv!]!), (victim.get(fieldOnly(r[cv!]!)) ?? 0) + m);
    writer.set(fieldOnly(r[cw!]!), (writer.get(fieldOnly(r[cw!]!)) ?? 0) + m);
  }
  return { point, victim, writer };
}
