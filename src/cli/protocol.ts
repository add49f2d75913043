/**
 * `linesim protocol [--markdown]`: print the MESI table the engine runs. The text form
 * is a compact grid for the terminal; --markdown is docs/protocol.md verbatim (a test
 * keeps the two equal, so the docs cannot drift from the table).
 */
import type { Command } from 'commander';
import { protocolMarkdown } from '../model/protocol/markdown.ts';
import { EVENTS, MESI, isImpossible, type ProtocolTable } from '../model/protocol/table.ts';
import { STATE_NAMES } from '../model/vocab.ts';

/** Terminal grid: one row per state, `a,f → E|S` per cell (action letters = SLICC prefixes). */
export function protocolText(table: ProtocolTable = MESI): string {
  const rows = [['state', ...EVENTS]];
  for (const s of STATE_NAMES) {
    rows.push([s, ...EVENTS.map((e) => {
      const c = table[s][e];
      if (isImpossible(c)) return '—';
      const next = c.nextIfAlone && c.nextIfAlone !== c.next ? `${c.nextIfAlone}|${c.next}` : c.next;
      return `${c.do.map((a) => a.split('_')[0]).join(',')}→${next}`;
    })]);
  }
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const grid = rows.map((r) => r.map((x, i) => x.padEnd(w[i]!)).join('  ').trimEnd());
  return [
    ...grid,
    '',
    'Cells: actions → next state (E|S: E when no other core holds the line); — impossible.',
    'Actions: ' + [...new Set(STATE_NAMES.flatMap((s) => EVENTS.flatMap((e) => {
      const c = table[s][e];
      return isImpossible(c) ? [] : c.do;
    })))].sort().join(', '),
    'Run with --markdown for the descriptions (docs/protocol.md).',
  ].join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('protocol')
    .description('Print the MESI protocol table the engine runs (state × event → actions, next state)')
    .option('--markdown', 'print the Markdown document (docs/protocol.md) with every cell and action described')
    .addHelpText('after', `
The table lives in src/model/protocol/table.ts; the engine looks every transition up there.

Examples:
  $ linesim protocol
  $ linesim protocol --markdown > docs/protocol.md`)
    .action((opts: { markdown?: boolean }) => {
      process.stdout.write(opts.markdown ? protocolMarkdown() : protocolText());
    });
}
