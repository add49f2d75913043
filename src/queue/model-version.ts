/**
 * The model version a queued sweep is pinned to: sha256 over every file of src/ (the
 * model's code, including the CLI and runner that build point specs), cpu-profiles/ and
 * layouts/ (its data), plus the workload plugins loaded (LINESIM_PLUGINS, by content).
 * Paths are relative and sorted, so two checkouts of the same commit agree on any machine;
 * one edited byte anywhere gives another version, and a worker refuses such jobs.
 * NOTE: deliberately wider than the resume-key salt (point-key.ts), which hashes only the
 * simulation directories: a sweep spread over machines must not mix any two trees.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../util/list-files.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TREES = ['src', 'cpu-profiles', 'layouts'];


/** Hash of the trees under `root` and the plugin files (file: URLs); 16 hex digits. */
export function modelVersion(plugins: readonly string[] = [], root: string = ROOT): string {
  const h = createHash('sha256');
  for (const t of TREES) {
    for (const f of listFiles(join(root, t))) {
      h.update(relative(root, f).split('\\').join('/')).update('\0').update(readFileSync(f)).update('\0');
    }
  }
  // Plugins by content only: their paths differ between machines.
  for (const u of [...plugins].sort()) h.update('plugin\0').update(readFileSync(fileURLToPath(u))).update('\0');
  return h.digest('hex').slice(0, 16);
}
