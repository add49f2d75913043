/**
 * SCENARIO: the protocol docs are generated from the table and cannot drift.
 * GIVEN docs/protocol.md WHEN compared with protocolMarkdown() THEN they are equal
 * (regenerate with `npm run docs:protocol`); `linesim protocol [--markdown]` prints the table.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { protocolMarkdown } from '../src/model/protocol/markdown.ts';
import { EVENTS, MESI, isImpossible } from '../src/model/protocol/table.ts';
import { STATE_NAMES } from '../src/model/vocab.ts';

const DOC = fileURLToPath(new URL('../docs/protocol.md', import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out };
}
afterEach(() => vi.restoreAllMocks());

describe('102 protocol docs', () => {
  it('GIVEN docs/protocol.md WHEN compared with the generator THEN it is identical (run `npm run docs:protocol`)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(protocolMarkdown());
  });

  it('GIVEN the table WHEN rendered THEN every cell description appears once', () => {
    const md = protocolMarkdown();
    for (const s of STATE_NAMES) for (const e of EVENTS) {
      const c = MESI[s][e];
      expect(md).toContain(`- **${s} × ${e}**: ${isImpossible(c) ? 'impossible' : c.desc}`);
    }
  });

  it('GIVEN `linesim protocol --markdown` WHEN run THEN it prints the docs verbatim', async () => {
    const r = await run(['protocol', '--markdown']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(protocolMarkdown());
  });

  it('GIVEN `linesim protocol` WHEN run THEN a grid row per state with the read miss as E|S and impossible cells as —', async () => {
    const r = await run(['protocol']);
    expect(r.code).toBe(0);
    const rows = r.out.split('\n');
    expect(rows[0]).toMatch(/^state\s+Load\s+Store\s+Rmw\s+PfRead\s+PfRfo\s+FwdGETS\s+FwdGETX\s+Evict\s+BackInv$/);
    expect(rows[1]).toMatch(/^I\s+a,f→E\|S\s+b,d,f→M\s.*—\s+—\s+—\s+—$/);
    expect(rows[4]).toMatch(/^M\s+h→M\s+h→M\s+h,e→M\s.*j,m→S\s+j,l,o→I\s+m,o→I\s+m,o→I$/);
  });
});
