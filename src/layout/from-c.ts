/**
 * Build a layout from C: compile a tiny translation unit that includes the header and
 * uses the struct (so gcc emits its DWARF), then ask pahole for it and import the text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError, oneLine } from '../util/errors.ts';
import type { Layout } from './schema.ts';
import { parsePahole } from './pahole-parse.ts';

const INSTALL: Record<string, string> = {
  gcc: 'install it with `apt-get install -y gcc`',
  pahole: 'install it with `apt-get install -y dwarves` (or run scripts/setup-tools.sh)',
};

/** Fail with an InputError naming the tool when it is not on PATH. */
export function requireTool(tool: 'gcc' | 'pahole', source: string): void {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new InputError(source, '', `'${tool}' not found: ${INSTALL[tool]}`);
}

/** Run `pahole -C NAME` on an object file; returns its text. */
export function paholeText(objectFile: string, struct: string, source: string): string {
  requireTool('pahole', source);
  const r = spawnSync('pahole', ['-C', struct, objectFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new InputError(source, '', `pahole failed: ${(r.stderr || r.stdout).trim()}`);
  if (r.stdout.trim() === '') throw new InputError(source, '', `pahole found no struct '${struct}' in the compiled header (is it defined there, and spelled so?)`);
  return r.stdout;
}

/**
 * gcc flags a user may pass: include paths, macros, language standard, target machine
 * options, struct packing. Nothing that runs a program or loads code (-wrapper, -B,
 * -fplugin, -specs, @file, -Wl/-Wp/-Xlinker …).
 */
const ALLOWED_FLAG = /^(-I.+|-isystem.+|-D[A-Za-z_]\w*(=[^\s]*)?|-U[A-Za-z_]\w*|-std=[a-z0-9+]+|-m(32|64|x32|[a-z0-9][a-z0-9-]*(=[a-z0-9_.-]+)?)|-O[0-3s]?|-fpack-struct(=\d+)?|-f(no-)?(short-enums|signed-char|unsigned-char))$/;
/** Flags taking the next word as their value. */
const TAKES_VALUE = new Set(['-I', '-isystem']);

export function checkCflags(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if (TAKES_VALUE.has(f) && i + 1 < flags.length && !flags[i + 1]!.startsWith('-')) { out.push(f + flags[++i]!); continue; }
    if (!ALLOWED_FLAG.test(f) || /^-m(plugin|wrapper)/.test(f)) {
      throw new InputError('--cflags', '', `'${oneLine(f, 60)}' is not allowed (allowed: -I<dir>, -isystem<dir>, -D<macro>[=v], -U<macro>, -std=, -m<option>, -O<n>, -fpack-struct[=n])`);
    }
    out.push(f);
  }
  return out;
}

/** The header path goes into a C string literal: refuse characters that would end it or the line. */
export function checkHeaderPath(header: string): void {
  // eslint-disable-next-line no-control-regex
  if (/["\\\u0000-\u001f\u007f]/.test(header)) throw new InputError(header, '', 'header path may not contain quotes, backslashes or control characters');
}

/**
 * Compile `header` with gcc -g and return pahole's text for each struct (one compile).
 * `extraFlags` go to gcc (e.g. -I paths, -D config macros).
 */
export function paholeFromC(header: string, structs: string[], extraFlags: string[] = []): Map<string, string> {
  const src = header;
  checkHeaderPath(resolve(header));
  const flags = checkCflags(extraFlags);
  if (!existsSync(header) || !statSync(header).isFile()) throw new InputError(src, '', 'no such file');
  for (const s of structs) if (!/^[A-Za-z_]\w*$/.test(s)) throw new InputError('--struct', '', `'${s}' is not a C identifier`);
  requireTool('gcc', src);
  requireTool('pahole', src);
  const dir = mkdtempSync(join(tmpdir(), 'linesim-from-c-'));
  try {
    const c = join(dir, 'use.c');
    // One global pointer per struct keeps the type in the DWARF without needing a
    // definition of every member type's size at file scope beyond the header's own.
    const uses = structs.map((s, i) => `struct ${s} *linesim_use_${i}; unsigned long linesim_size_${i} = sizeof(struct ${s});`);
    writeFileSync(c, `#include "${resolve(header)}"\n${uses.join('\n')}\n`);
    const obj = join(dir, 'use.o');
    const r = spawnSync('gcc', ['-g', '-c', ...flags, '-o', obj, c], { encoding: 'utf8' });
    if (r.status !== 0) {
      const first = (r.stderr || '').split('\n').find((l) => /error/.test(l)) ?? r.stderr.trim();
      // An error in our generated use.c means a struct the header does not define (fully).
      const missing = /use\.c:.*(?:incomplete type|storage size).*['‘`]struct (\w+)['’`]/.exec(first);
      if (missing) throw new InputError(src, '', `struct ${missing[1]} is not defined (completely) in this header`);
      throw new InputError(src, '', `gcc could not compile it: ${first.replace(dir + '/', '').replace(/^use\.c:\d+:\d+: /, '')}`);
    }
    return new Map(structs.map((s) => [s, paholeText(obj, s, src)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `linesim layout from-c`: header + struct name → Layout. */
export function layoutFromC(header: string, struct: string, extraFlags: string[] = []): Layout {
  const text = paholeFromC(header, [struct], extraFlags).get(struct)!;
  const layout = parsePahole(text, `pahole -C ${struct} (${header})`);
  layout.source = `gcc -g + pahole -C ${struct} on ${header}`;
  return layout;
}
