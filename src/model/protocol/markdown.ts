/** Renders the protocol table as Markdown (docs/protocol.md and `linesim protocol`). */
import { ACTIONS, EVENTS, MESI, isImpossible, type ProtocolTable } from './table.ts';
import { STATE_NAMES } from '../vocab.ts';

export function protocolMarkdown(table: ProtocolTable = MESI): string {
  const lines: string[] = [];
  lines.push('# linesim MESI protocol (generated from src/model/protocol/table.ts)', '');
  lines.push('Rows are the state of the line in one core\'s private caches; columns are events.');
  lines.push('Each cell: `actions → next state`; `E|S` means E when no other core holds the line.');
  lines.push('`—` marks an impossible cell (the engine throws if one is reached).', '');
  lines.push(`| state | ${EVENTS.join(' | ')} |`);
  lines.push(`|---|${EVENTS.map(() => '---').join('|')}|`);
  for (const s of STATE_NAMES) {
    const cells = EVENTS.map((e) => {
      const c = table[s][e];
      if (isImpossible(c)) return '—';
      const next = c.nextIfAlone && c.nextIfAlone !== c.next ? `${c.nextIfAlone}\\|${c.next}` : c.next;
      return `${c.do.join(', ')} → **${next}**`;
    });
    lines.push(`| **${s}** | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Cell descriptions', '');
  for (const s of STATE_NAMES) {
    for (const e of EVENTS) {
      const c = table[s][e];
      lines.push(`- **${s} × ${e}**: ${isImpossible(c) ? `impossible — ${c.impossible}` : c.desc}`);
    }
  }
  lines.push('', '## Actions', '');
  lines.push("Actions run in this order within a cell (the controller, src/model/controller.ts); each is a function in src/model/protocol/actions.ts.", "");
  for (const [a, d] of Object.entries(ACTIONS)) lines.push(`- \`${a}\`: ${d.desc}`);
  return lines.join('\n') + '\n';
}
