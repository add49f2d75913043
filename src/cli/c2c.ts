/**
 * `linesim c2c import|annotate`: read `perf c2c report --stdio` text; annotate maps the
 * pareto's offsets onto a layout's fields, optionally beside the model's attribution.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../util/errors.ts';
import type { C2cReport } from '../c2c/types.ts';

export async function readC2c(file: string): Promise<C2cReport> {
  const { parseC2c } = await import('../c2c/parse.ts');
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new InputError(file, '', `cannot read (${(e as NodeJS.ErrnoException).code ?? e})`); }
  return parseC2c(text, file);
}

export function importSummary(r: C2cReport): string {
  const what = r.display === 'peer' ? 'peer snoops' : 'HITM';
  const out = [`${r.source}: ${r.lines.length} shared cacheline(s) in the table, ${r.pareto.length} in the pareto (sorted on ${what})`];
  if (r.lines.length) {
    out.push('', '  idx  address              lcl HITM  rmt HITM   records     loads    stores');
    for (const l of r.lines) out.push(`  ${String(l.index).padStart(3)}  ${l.address.padEnd(19)}  ${String(l.lclHitm ?? '—').padStart(8)}  ${String(l.rmtHitm ?? '—').padStart(8)}  ${String(l.records ?? '—').padStart(8)}  ${String(l.loads ?? '—').padStart(8)}  ${String(l.stores ?? '—').padStart(8)}`);
  }
  for (const p of r.pareto) {
    out.push('', `  line ${p.index} ${p.address}: rmt ${p.rmt}, lcl ${p.lcl}${p.storeL1Hit !== null ? `, stores L1 hit ${p.storeL1Hit} / miss ${p.storeL1Miss}` : ''}`);
    for (const x of p.rows) out.push(`    +0x${x.offset.toString(16).padEnd(3)} rmt ${x.pctRmt.toFixed(2).padStart(6)}%  lcl ${x.pctLcl.toFixed(2).padStart(6)}%  ${x.symbol}  ${x.source}`);
  }
  return out.join('\n') + '\n';
}

/** --base: a hex address, or a symbol looked up in an nm / /proc/kallsyms style file. */
export function resolveBase(base: string, symbolsFile?: string): bigint {
  if (/^0x[0-9a-f]+$/i.test(base)) return BigInt(base);
  if (!/^[A-Za-z_.$][\w.$]*$/.test(base)) throw new InputError('--base', '', `expected a hex address (0x…) or a symbol name, got '${base}'`);
  if (!symbolsFile) throw new InputError('--base', '', `'${base}' is not a hex address; give --symbols <file> (nm output or /proc/kallsyms) to look the symbol up`);
  let text: string;
  try { text = readFileSync(symbolsFile, 'utf8'); } catch { throw new InputError(symbolsFile, '', 'cannot read the symbols file'); }
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)\s+\S\s+(\S+)/i.exec(line.trim());
    if (m && m[2] === base) return BigInt('0x' + m[1]);
  }
  throw new InputError(symbolsFile, '', `symbol '${base}' not found`);
}

export function register(program: Command): void {
  const c2c = program.command('c2c').description('Read `perf c2c report --stdio` output (import) and map its hot offsets onto a struct layout (annotate).');
  c2c.command('import')
    .description('Parse perf c2c report --stdio text (also --full-cl, -c/--coalesce and -d peer variants) and print the shared lines and the pareto.')
    .argument('<file>', 'saved `perf c2c report --stdio` output')
    .option('--json', 'print the parsed report as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const r = await readC2c(file);
      process.stdout.write(o.json ? JSON.stringify(r, null, 1) + '\n' : importSummary(r));
    });
  c2c.command('annotate')
    .description('Map the pareto offsets of the lines inside one struct instance onto the layout fields; with --against,\n' +
      "show the model's attribution (attribution.csv of a run) for the same fields.")
    .argument('<file>', 'saved `perf c2c report --stdio` output')
    .requiredOption('--layout <layout>', 'layout name, layout .json or pahole dump')
    .requiredOption('--base <addr|symbol>', 'address of the struct instance (0x…), or a symbol with --symbols')
    .option('--symbols <file>', 'nm output or /proc/kallsyms copy to resolve --base')
    .option('--against <results>', "an experiment's output directory (or its attribution.csv)")
    .option('--point <text>', 'with --against: the point whose label contains this text (default: the first with misses)')
    .option('--object <name>', "with --against: the model's object for this struct (default: the one whose fields match the layout)")
    .addHelpText('after', '\nExample:\n  perf c2c report --stdio > c2c.txt\n  linesim c2c annotate c2c.txt --layout b2 --base 0xffff8881049c2000 --against reports/vma-refcount-v6.15\n')
    .action(async (file: string, o: { layout: string; base: string; symbols?: string; against?: string; point?: string; object?: string }) => {
      const [{ loadLayout }, { annotate, formatAnnotation, summarize }, { readModelAttribution }] = await Promise.all([
        import('../layout/registry.ts'), import('../c2c/annotate.ts'), import('../c2c/model-attribution.ts')]);
      const base = resolveBase(o.base, o.symbols);
      const layout = loadLayout(o.layout);
      const report = await readC2c(file);
      const model = o.against ? readModelAttribution(o.against, layout.fields.map((f) => f.name), o.point, o.object) : null;
      const { rows, skipped } = annotate(report, layout, base);
      if (rows.length === 0) throw new InputError('--base', '', `no pareto line of ${file} lies inside ${layout.name} (${layout.size} bytes) at 0x${base.toString(16)}`);
      process.stdout.write(formatAnnotation(layout, rows, summarize(rows, model), model, skipped));
    });
}
