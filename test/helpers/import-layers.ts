/**
 * The import rule of src/ (docs/contributing.md, "Where each concept lives"): every file
 * belongs to the layer of its top folder, and imports only its own layer or lower ones.
 *
 *   5  cli
 *   4  experiment report compare regroup probe c2c queue
 *   3  kinds kernel layout
 *   2  workload (the engine) model profile
 *   1  util
 *
 * Also: the CLI verbs (the modules src/cli/verbs.ts imports) import nothing from each
 * other — shared code lives in helper modules such as src/cli/flags.ts; and import() with a
 * computed specifier is allowed only where user plugins are loaded (no hidden edges).
 * Works on an in-memory file list so a test can show that a wrong import fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

export const LAYERS: Record<string, number> = {
  cli: 5,
  experiment: 4, report: 4, compare: 4, regroup: 4, probe: 4, c2c: 4, queue: 4,
  kinds: 3, kernel: 3, layout: 3,
  workload: 2, model: 2, profile: 2,
  util: 1,
};

/**
 * Files allowed to import() a computed specifier, and why: user plugin modules named at
 * run time; the model's mechanism folders (prefetch/, snoop/, replacement/), which
 * mechanisms.ts discovers under its own directory, so the edge stays inside the model.
 */
const COMPUTED_IMPORT_OK = new Set(['src/experiment/plugins.ts', 'src/model/mechanisms.ts']);

export interface SourceFile { path: string; text: string }
export interface ImportEdge { from: string; spec: string; to: string | undefined; computed: boolean }

/** Blank out comments (keeping strings and line numbers), so commented-out imports do not count. */
export function stripComments(src: string): string {
  let out = '', i = 0;
  while (i < src.length) {
    const c = src[i]!, n = src[i + 1];
    if (c === '/' && n === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && n === '*') { const e = src.indexOf('*/', i + 2); const end = e < 0 ? src.length : e + 2; out += src.slice(i, end).replace(/[^\n]/g, ' '); i = end; continue; }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) { if (src[j] === '\\') j++; j++; }
      out += src.slice(i, j + 1); i = j + 1; continue;
    }
    out += c; i++;
  }
  return out;
}

/** Every import of `f`: static import/export … from, side-effect import, import('literal'), computed import(). */
export function importsOf(f: SourceFile): ImportEdge[] {
  const text = stripComments(f.text);
  const specs: Array<{ spec: string; computed: boolean }> = [];
  for (const m of text.matchAll(/(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s*)?(['"])([^'"]+)\1/g)) specs.push({ spec: m[2]!, computed: false });
  for (const m of text.matchAll(/\bimport\s*\(/g)) {
    const arg = balanced(text, m.index + m[0].length).trim();
    const lit = /^(['"`])([^'"`$]+)\1$/.exec(arg);
    specs.push(lit ? { spec: lit[2]!, computed: false } : { spec: arg, computed: true });
  }
  return specs.map(({ spec, computed }) => ({
    from: f.path, spec, computed,
    to: !computed && spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(f.path), spec)) : undefined,
  }));
}

/** The text from `start` up to the parenthesis that closes the one just before it. */
function balanced(text: string, start: number): string {
  let depth = 1, i = start;
  for (; i < text.length && depth > 0; i++) if (text[i] === '(') depth++; else if (text[i] === ')') depth--;
  return text.slice(start, i - 1);
}

/** Top folder under src/ ("src/model/stats.ts" → "model"); undefined outside src/. */
export function folderOf(path: string): string | undefined {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? m[1] : undefined;
}

/** Every rule violation in `files`, one line each, naming the file and the import. */
export function layerViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  const verbsFile = files.find((f) => f.path === 'src/cli/verbs.ts');
  const verbs = new Set(verbsFile ? importsOf(verbsFile).flatMap((e) => (e.to ? [e.to] : [])) : []);
  for (const f of files) {
    const folder = folderOf(f.path);
    if (folder === undefined) continue;
    const layer = LAYERS[folder];
    if (layer === undefined) { out.push(`${f.path}: folder src/${folder} has no layer (add it to LAYERS in test/helpers/import-layers.ts and to docs/contributing.md)`); continue; }
    for (const e of importsOf(f)) {
      if (e.computed) {
        if (!COMPUTED_IMPORT_OK.has(f.path)) out.push(`${f.path}: import(${e.spec}) has a computed specifier; import a module by name or pass the function in`);
        continue;
      }
      if (e.to === undefined) continue; // a package or node: module
      const toFolder = folderOf(e.to);
      const toLayer = toFolder === undefined ? undefined : LAYERS[toFolder];
      if (toLayer !== undefined && toLayer > layer) out.push(`${f.path}: imports '${e.spec}' (${folder}, layer ${layer} → ${toFolder}, layer ${toLayer}: upward)`);
      if (folder === 'cli' && f.path !== 'src/cli/verbs.ts' && verbs.has(e.to) && e.to !== f.path) out.push(`${f.path}: imports '${e.spec}', another CLI verb (move shared code to a helper such as src/cli/flags.ts)`);
    }
  }
  return out;
}

/** The repository's src/**: .ts, .mts and .mjs files, paths relative to the repository root. */
export function readSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs)$/.test(e.name)) files.push({ path: relative(root, p).split('\\').join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(root, 'src'));
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export const repoRoot = (): string => join(dirname(new URL(import.meta.url).pathname), '..', '..');
