/**
 * Read a JSON input file; a missing, unreadable or malformed file is one InputError naming
 * it. Syntax errors give line and column, never bytes of the file (a path may point at a
 * file the user did not mean as input). `checkJsonInput` bounds nesting and rejects keys
 * that would reach Object.prototype once copied into a plain object.
 */
import { readFileSync, statSync } from 'node:fs';
import { InputError, jsonPath } from './errors.ts';

/** Deepest nesting any linesim input needs is ~10; 64 leaves room and keeps validators' recursion shallow. */
export const MAX_JSON_DEPTH = 64;
/** Largest JSON input read (bytes): shipped inputs are < 100 KiB. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;
/** Object keys refused anywhere in an input: they alias Object.prototype machinery. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Parse JSON text; a syntax error names line and column only. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const col = Number(pos[1]) - before.lastIndexOf('\n');
      return fail(source, `line ${line}`, `not valid JSON: syntax error at column ${col}`);
    }
    return fail(source, '', /end of json input/i.test(msg) ? 'not valid JSON: unexpected end of input' : 'not valid JSON: syntax error');
  }
}

function fail(source: string, where: string, reason: string): never {
  throw new InputError(source, where, reason);
}

/** Iterative walk (no recursion, so any depth is safe): nesting bound and forbidden keys. */
export function checkJsonInput(value: unknown, source: string): void {
  const stack: Array<{ v: unknown; path: Array<string | number> }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) fail(source, jsonPath(path.slice(0, 8)) + '…', `nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) fail(source, jsonPath(path), `key '${k}' is not allowed`);
      stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
    }
  }
}

export function readTextFile(path: string, missingHint = '', maxBytes = MAX_JSON_BYTES): string {
  try {
    const st = statSync(path);
    if (st.isDirectory()) fail(path, '', 'is a directory, expected a file');
    if (st.size > maxBytes) fail(path, '', `file is ${st.size} bytes, more than the ${maxBytes} accepted`);
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    return fail(path, '', code === 'ENOENT' ? `no such file${missingHint}` : `cannot read: ${code ?? 'error'}`);
  }
}

export function readJsonFile(path: string, missingHint = ''): unknown {
  const value = parseJsonText(readTextFile(path, missingHint), path);
  checkJsonInput(value, path);
  return value;
}
