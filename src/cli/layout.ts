/**
 * `linesim layout …`: list, show, import (pahole text → JSON), export (JSON → pahole/C/JSON),
 * from-c (header → gcc -g → pahole → JSON), schema (write the JSON Schema).
 */
import { Command, Option } from 'commander';
import { InputError, oneLine } from '../util/errors.ts';
import { parseLayout } from '../layout/validate.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { readFileSync } from 'node:fs';
import { readJsonFile, readTextFile } from '../util/json-file.ts';
import { listLayouts, loadLayout, LAYOUTS_DIR } from '../layout/registry.ts';
import { parsePahole } from '../layout/pahole-parse.ts';
import { formatLayoutView, formatPahole } from '../layout/pahole-format.ts';
import { formatC } from '../layout/c-format.ts';
import { layoutFromC } from '../layout/from-c.ts';
import { parseFieldUse } from '../layout/field-use.ts';
import { fieldUseForWorkload } from '../kernel/field-use.ts';
import { layoutJsonSchema } from '../layout/json-schema.ts';
import type { Layout } from '../layout/schema.ts';

function toJson(l: Layout): string {
  const { $schema: _drop, ...rest } = l;
  return JSON.stringify({ $schema: './layout.schema.json', ...rest }, null, 2) + '\n';
}

/** What an importer built must load back: validate it as linesim will, before writing. */
function checked(l: Layout, source: string): Layout {
  return parseLayout(JSON.parse(toJson(l)), source);
}

function layoutName(v: string | undefined): string | undefined {
  if (v !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/.test(v)) throw new InputError('--name', '', `expected a plain layout name (letters, digits, . _ -, at most 100), got '${oneLine(v, 40)}'`);
  return v;
}

/** Print or write (atomically) the result; never leaves a partial file. */
function emit(text: string, out?: string): void {
  if (out) writeFileAtomic(out, text);
  else process.stdout.write(text);
}

/** A file's text; `-` reads standard input (`pahole -C foo vmlinux | linesim layout import -`). */
function readText(path: string): string {
  if (path !== '-') return readTextFile(path);
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    throw new InputError('stdin', '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function int(flag: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new InputError(flag, '', `'${v}' is not an integer in ${min}..${max}`);
    return n;
  };
}

export function register(program: Command): void {
  const layout = program
    .command('layout')
    .description('Struct layouts as data: list, show with cacheline/pair boundaries, import from pahole or C, export.')
    .addHelpText('after', `
Layouts live in layouts/*.json (one per vm_area_struct variant a, b1, b2, c_rfc, c, d, plus
vma_lock and mm_struct). Anywhere a layout is asked for you may give a shipped name, a path
to a layout .json, or a path to a pahole text dump.

Examples:
  linesim layout list
  linesim layout show d --slab-offset 0
  pahole -C my_struct my.o > my.txt && linesim layout import my.txt --out layouts/my.json
  linesim layout from-c include/my.h --struct my_struct --out my.json`);

  layout.command('list')
    .description('List the shipped layouts: size, cachelines, slab object alignment and flags.')
    .addHelpText('after', '\nExample:\n  linesim layout list')
    .action(() => {
      const rows = listLayouts().map((n) => {
        const l = loadLayout(n);
        const flags = [l.slab.hwcacheAlign ? 'HWCACHE_ALIGN' : '', l.slab.typesafeByRcu ? 'TYPESAFE_BY_RCU' : ''].filter(Boolean).join('|') || '-';
        return [n, String(l.size), String(Math.ceil(l.size / 64)), String(l.slab.objectAlign), flags, l.slab.cache];
      });
      const head = ['name', 'size', 'lines', 'objAlign', 'flags', 'cache'];
      const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const r of [head, ...rows]) process.stdout.write(r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd() + '\n');
    });

  layout.command('show')
    .argument('<layout>', 'shipped name, layout .json, or pahole dump')
    .description('pahole-style view with cacheline and 128-B pair boundaries, holes, and per-field line/pair/use annotations.')
    .option('--workload <file>', 'pft or spf (uses derived from the modelled kernel paths), or a JSON file with a FieldUse map {field: {reads:[], writes:[], rmws:[]}} for the annotation column')
    .addOption(new Option('--pair-bytes <n>', 'adjacent-line prefetch pair size (0 = no pair markers)').default(128).argParser(int('--pair-bytes', 0, 4096)))
    .addOption(new Option('--slab-offset <n>', 'object start within its page, bytes (64 shows the other 128-B pair phase)').default(0).argParser(int('--slab-offset', 0, 4095)))
    .addHelpText('after', `
The annotation column shows the object-relative line (L0, L1, … ; "straddles" when a field
crosses a line), the prefetch pair (P0, P1, …) and, with --workload, which paths RMW / write /
read the field. --slab-offset 16 shows a variant without SLAB_HWCACHE_ALIGN placed at +16.

Example:
  linesim layout show b2 --slab-offset 16 --workload uses.json
  where uses.json is {"vm_lock_seq": {"reads": ["vma_start_read"], "writes": [], "rmws": []}}`)
    .action((name: string, o: { workload?: string; pairBytes: number; slabOffset: number }) => {
      const l = loadLayout(name);
      let fieldUse;
      if (o.workload === 'pft' || o.workload === 'spf') fieldUse = fieldUseForWorkload(l, o.workload);
      else if (o.workload) {
        const v = readJsonFile(o.workload);
        fieldUse = parseFieldUse(v, o.workload);
        const known = new Set(l.fields.map((f) => f.name));
        for (const k of Object.keys(fieldUse)) if (!known.has(k)) throw new InputError(o.workload, k, `no field '${k}' in layout ${l.name}`);
      }
      process.stdout.write(formatLayoutView(l, { fieldUse, pairBytes: o.pairBytes, slabOffset: o.slabOffset }));
    });

  layout.command('import')
    .argument('<file>', 'text printed by `pahole -C NAME obj.o`, or - for standard input')
    .description('Import a pahole dump as a layout JSON (nested unions/structs flattened to dotted names).')
    .option('--out <file>', 'write the JSON here (default: stdout)')
    .option('--name <name>', 'layout name (default: the struct name)')
    .option('--slab-cache <name>', 'slab cache name (default: the struct name)')
    .addHelpText('after', `
Slab facts (HWCACHE_ALIGN, objectAlign, TYPESAFE_BY_RCU) are not in a pahole dump: the import
assumes no SLAB_HWCACHE_ALIGN; edit the "slab" block of the JSON to match the cache.

Example:
  pahole -C vm_area_struct vmlinux > vma.txt
  linesim layout import vma.txt --name my_vma --out layouts/my_vma.json`)
    .action((file: string, o: { out?: string; name?: string; slabCache?: string }) => {
      const name = layoutName(o.name);
      const src = file === '-' ? 'stdin' : file;
      const l = parsePahole(readText(file), src, { slabCache: o.slabCache });
      if (name !== undefined) l.name = name;
      emit(toJson(checked(l, src)), o.out);
    });

  layout.command('export')
    .argument('<layout>', 'shipped name, layout .json, or pahole dump')
    .description('Print a layout as pahole-style text, a C struct definition, or layout JSON.')
    .addOption(new Option('--format <fmt>', 'output format').choices(['pahole', 'c', 'json']).default('pahole'))
    .option('--out <file>', 'write here (default: stdout)')
    .addHelpText('after', `
pahole text re-imports to the same layout (linesim layout import). The C form marks forced
alignment with ____cacheline_aligned_in_smp / __attribute__((aligned(N))) and comments holes.

Example:
  linesim layout export d --format c
  linesim layout export b2 --format pahole --out b2.txt`)
    .action((name: string, o: { format: 'pahole' | 'c' | 'json'; out?: string }) => {
      const l = loadLayout(name);
      emit(o.format === 'c' ? formatC(l) : o.format === 'json' ? toJson(l) : formatPahole(l), o.out);
    });

  layout.command('from-c')
    .argument('<header>', 'C header (or .c) defining the struct')
    .requiredOption('--struct <name>', 'struct tag to extract')
    .option('--out <file>', 'write the JSON here (default: stdout)')
    .option('--cflags <flags>', 'extra gcc flags, space-separated (e.g. "-I inc -DCONFIG_SMP")')
    .description('Compile a header with gcc -g, run pahole -C on it, and import the result as a layout.')
    .addHelpText('after', `
Needs gcc and pahole (Debian: apt-get install -y gcc dwarves; or scripts/setup-tools.sh).
Member types must be complete in the header (use same-size stand-ins for kernel types).

Example:
  linesim layout from-c test/fixtures/vma-variants.h --struct vma_d --out /tmp/d.json`)
    .action((header: string, o: { struct: string; out?: string; cflags?: string }) => {
      const l = layoutFromC(header, o.struct, o.cflags ? o.cflags.split(/\s+/).filter(Boolean) : []);
      emit(toJson(checked(l, header)), o.out);
    });

  layout.command('schema')
    .description('Write the layout JSON Schema (for editors) to layouts/layout.schema.json or --out.')
    .option('--out <file>', 'destination', `${LAYOUTS_DIR}layout.schema.json`)
    .addHelpText('after', '\nExample:\n  linesim layout schema --out /tmp/layout.schema.json')
    .action((o: { out: string }) => emit(layoutJsonSchema(), o.out));
}
