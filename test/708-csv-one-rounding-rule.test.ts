/**
 * SCENARIO: one rounding rule for every CSV (util/csv-number.ts): at most 10 significant
 * digits, no NaN/Infinity text, in every CSV the report writes.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '../src/report/index.ts';
import { csvNumber } from '../src/util/csv-number.ts';
import { pftResults } from './helpers/report-fixtures.ts';

const sigDigits = (cell: string) => cell.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/e.*$/, '').length;

describe('SCENARIO: CSV numbers', () => {
  it('GIVEN awkward numbers WHEN formatted THEN 10 significant digits, −0 as 0, non-finite empty', () => {
    expect(csvNumber(1 / 3)).toBe('0.3333333333');
    expect(csvNumber(123456789.123456)).toBe('123456789.1');
    expect(csvNumber(-0)).toBe('0');
    expect(csvNumber(NaN)).toBe('');
    expect(csvNumber(Infinity)).toBe('');
  });

  it('GIVEN a written report WHEN its CSVs are read THEN no numeric cell has more than 10 significant digits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linesim-708-'));
    const { files } = await writeReport(dir, pftResults({ iterations: 3, threads: [1, 12] }));
    const csvs = files.filter((f) => f.endsWith('.csv'));
    expect(csvs).toEqual(expect.arrayContaining(['stats.csv', 'attribution.csv', 'reproduction.csv']));
    for (const f of csvs) {
      const cells = readFileSync(join(dir, f), 'utf8').split('\n').slice(1).flatMap((l) => l.split(','));
      const nums = cells.filter((c) => /^-?\d+(\.\d+)?$/.test(c));
      expect(nums.length, f).toBeGreaterThan(0);
      expect(nums.filter((c) => sigDigits(c) > 10), f).toEqual([]);
      expect(cells.filter((c) => /NaN|Infinity/.test(c)), f).toEqual([]);
    }
  }, 30_000);
});
