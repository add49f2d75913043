/**
 * Loads every replaceable mechanism: each folder under prefetch/, snoop/ and
 * replacement/ holds one implementation whose index module registers itself with its
 * folder's registry.ts. Adding a mechanism is adding a folder; no list here or elsewhere
 * names them. Import this module (for its effect) before looking a mechanism up.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Running from TypeScript sources (tsx, vitest) or from compiled JavaScript.
const EXT = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

for (const kind of ['prefetch', 'snoop', 'replacement']) {
  const dir = new URL(`./${kind}/`, import.meta.url);
  const folders = readdirSync(fileURLToPath(dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const name of folders) await import(new URL(`./${name}/index.${EXT}`, dir).href);
}
