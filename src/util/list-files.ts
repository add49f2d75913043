/** Every file under `dir`, recursively, in sorted order (a missing folder gives none); `keep` filters by name. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function listFiles(dir: string, keep: (name: string) => boolean = () => true): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, keep));
    else if (keep(e)) out.push(p);
  }
  return out;
}
