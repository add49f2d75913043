/**
 * Where layouts come from: the shipped `layouts/*.json` by name, a layout JSON file by
 * path, or a pahole text dump by path (detected by content, not extension).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../util/errors.ts';
import { checkJsonInput, parseJsonText, readTextFile } from '../util/json-file.ts';
import type { ResolvedLayout } from '../model/point-spec.ts';
import type { Layout } from './schema.ts';
import { parseLayout } from './validate.ts';
import { looksLikePahole, parsePahole } from './pahole-parse.ts';

/** The repo's layouts/ folder. */
export const LAYOUTS_DIR = fileURLToPath(new URL('../../layouts/', import.meta.url));

/** Names of the shipped layouts (file names without .json), sorted. */
export function listLayouts(): string[] {
  return readdirSync(LAYOUTS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'layout.schema.json')
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Parse layout text from `source`: JSON layout or pahole dump. */
export function parseLayoutText(text: string, source: string): Layout {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const value = parseJsonText(text, source);
    checkJsonInput(value, source);
    return parseLayout(value, source);
  }
  if (looksLikePahole(text) || /^\s*struct\s/.test(text)) return parsePahole(text, source);
  throw new InputError(source, '', "neither a layout JSON object nor a pahole dump ('struct NAME {' … '/* size: N, cachelines: M */')");
}

/** Load a shipped layout by name, or a layout .json / pahole text file by path. */
export function loadLayout(nameOrPath: string): Layout {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('.');
  if (!looksLikePath) {
    const file = join(LAYOUTS_DIR, `${nameOrPath}.json`);
    if (!existsSync(file)) {
      throw new InputError(nameOrPath, '', `unknown layout; known layouts: ${listLayouts().join(', ')} (or give a path to a layout .json or a pahole dump)`);
    }
    return parseLayoutText(readFileSync(file, 'utf8'), `layouts/${basename(file)}`);
  }
  if (!existsSync(nameOrPath) || !statSync(nameOrPath).isFile()) {
    throw new InputError(nameOrPath, '', `no such file; known layout names: ${listLayouts().join(', ')}`);
  }
  return parseLayoutText(readTextFile(nameOrPath), nameOrPath);
}

/** The engine's view of a layout (ResolvedLayout, src/model/point-spec.ts). */
export function toResolvedLayout(layout: Layout): ResolvedLayout {
  return {
    name: layout.name,
    size: layout.size,
    objectAlign: layout.slab.objectAlign,
    typesafeByRcu: layout.slab.typesafeByRcu,
    fields: layout.fields.map((f) => ({ name: f.name, offset: f.offset, size: f.size, type: f.type })),
  };
}
