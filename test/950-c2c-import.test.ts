/** `linesim c2c import`: real perf c2c outputs of several perf versions parse to the numbers printed in them. */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseC2c } from '../src/c2c/parse.ts';
import { runCli } from './helpers/cli-run.ts';

const fx = (f: string) => join('test/fixtures/c2c', f);
const parse = (f: string) => parseC2c(readFileSync(fx(f), 'utf8'), f);

describe('950 perf c2c import', () => {
  it('SCENARIO perf 4.x layout GIVEN the "LLC Load Hitm" table WHEN parsed THEN line counts and both pareto rows are read', () => {
    const r = parse('perf4-llc-load-hitm.txt');
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ index: 0, address: '0x404040', totalHitm: 2, lclHitm: 2, rmtHitm: 0, records: 191850, loads: 87137, stores: 104713 });
    expect(r.stats['Load Local HITM']).toBe('2');
    const rows = r.pareto[0]!.rows;
    expect(rows.map((x) => [x.offset, x.pctLcl, x.pctStoreL1Hit, x.symbol, x.source])).toEqual([
      [0x10, 100, 0, '[.] summer', 'example1.c:20'], [0x14, 0, 100, '[.] incrementer', 'example1.c:31']]);
  });

  it('SCENARIO perf 6.x layout GIVEN an AMD IBS report WHEN parsed THEN Lcl/Rmt HITM come from the "Load Hitm" group', () => {
    const r = parse('perf6-ibs-load-hitm.txt');
    expect(r.lines[0]).toMatchObject({ address: '0x20ea08034080', totalHitm: 2096, lclHitm: 2092, rmtHitm: 4, records: 3152 });
    expect(r.pareto[0]).toMatchObject({ rmt: 4, lcl: 2092 });
    expect(r.pareto[0]!.rows.map((x) => [x.offset, x.pctRmt, x.pctLcl, x.records, x.cpuCount])).toEqual([[0x30, 75, 49.62, 1552, 12], [0x38, 25, 50.38, 1600, 10]]);
  });

  it('SCENARIO the Snoop Peer column GIVEN the 2022 x86 output WHEN parsed THEN store percentages are not shifted by the extra column', () => {
    const r = parse('perf5.19-snoop-peer-x86.txt');
    expect(r.lines.map((l) => [l.lclHitm, l.pct])).toEqual([[252, 66.14], [129, 33.86]]);
    expect(r.pareto).toHaveLength(2);
    const second = r.pareto[0]!.rows[1]!;
    expect([second.pctLcl, second.pctStoreL1Hit, second.pctStoreL1Miss]).toEqual([0.79, 90.51, 0]);
    expect(r.pareto[1]!.rows[0]).toMatchObject({ offset: 0x20, pctLcl: 100, records: 914 });
  });

  it('SCENARIO -c coalesce and -d peer GIVEN Pid/Tid columns WHEN parsed THEN display is peer and Tid/offset are read', () => {
    const r = parse('perf6-peer-coalesce-tid.txt');
    expect(r.display).toBe('peer');
    expect(r.pareto[0]!.rows.map((x) => [x.offset, x.tid, x.pctLcl])).toEqual([[0x20, '3603:memstress', 3.03], [0x20, '3606:memstress', 3.03], [0x29, '3606:memstress', 48.48], [0x29, '3603:memstress', 45.45]]);
  });

  it('SCENARIO headerless excerpt GIVEN a pareto pasted without its # header WHEN parsed THEN the default column order applies', () => {
    const r = parse('spr-address-space-pareto.txt');
    expect(r.pareto[0]).toMatchObject({ address: '0xff1ddd3f0c8a3b00', rmt: 13642, lcl: 19392, storeL1Hit: 9012, storeL1Miss: 63 });
    expect(r.pareto[0]!.rows).toHaveLength(9);
    expect(r.pareto[0]!.rows[7]).toMatchObject({ offset: 0x10, pctRmt: 44.74, pctLcl: 49.78, symbol: '[k] rwsem_spin_on_owner', records: 26841 });
  });

  it('SCENARIO --full-symbols GIVEN a C++ symbol with spaces in its column WHEN parsed THEN object and source stay in place', () => {
    const text = readFileSync(fx('perf4-llc-load-hitm.txt'), 'utf8').replace('[.] summer   ', '[.] s(int, x)');
    const row = parseC2c(text, 'x').pareto[0]!.rows[0]!;
    expect([row.symbol, row.object, row.source]).toEqual(['[.] s(int, x)', 'example1', 'example1.c:20']);
  });

  it('SCENARIO --full-cl GIVEN a row whose data address is the full address WHEN parsed THEN it becomes the offset in its line', () => {
    const r = parse('vma-like.txt');
    expect(r.pareto[1]!.rows.map((x) => x.offset)).toEqual([0x28, 0x10]);
  });

  it('SCENARIO malformed input GIVEN a damaged table row or a non-c2c file WHEN imported THEN one line naming the line number, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linesim-950-'));
    const text = readFileSync(fx('perf6-ibs-load-hitm.txt'), 'utf8').split('\n');
    const at = text.findIndex((l) => l.includes('0x20ea08034080     0    1734'));
    text[at] = text[at]!.replace('    2096', '');
    writeFileSync(join(dir, 'bad.txt'), text.join('\n'));
    const r = await runCli('c2c', 'import', join(dir, 'bad.txt'));
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`line ${at + 1}: Shared Data Cache Line Table row has 22 columns, the header has 23`);
    writeFileSync(join(dir, 'not.txt'), 'hello\n');
    const n = await runCli('c2c', 'import', join(dir, 'not.txt'));
    expect([n.code, n.err]).toEqual([2, expect.stringMatching(/not\.txt: line 1: not `perf c2c report --stdio` output/)]);
    const ok = await runCli('c2c', 'import', fx('perf4-llc-load-hitm.txt'));
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/\+0x10\s+rmt\s+0\.00%\s+lcl\s+100\.00%\s+\[\.\] summer/);
  });
});
