/**
 * SCENARIO: every minimal bad input found by fuzzing (test/fixtures/bad-inputs, copied from
 * the project's shared bad-inputs folder with its README) through the real CLI entry,
 * in-process: one line on stderr, exit 2, nothing written. The valid ones run: the
 * layout-backed program object, the XSS program (its names escaped in summary.md and
 * neutralised in the CSVs) and the pahole dumps that import into layouts linesim accepts.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import { loadLayout } from '../src/layout/registry.ts';

const BAD = join(import.meta.dirname, 'fixtures', 'bad-inputs');
const root = mkdtempSync(join(tmpdir(), 'linesim-920-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  try {
    return { code: await main(argv), err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Files that are valid input: they must run (or import to a layout linesim loads). */
const VALID = new Set(['layout-backed-field-ref.json', 'xss-program.json', 'ctor.txt', 'tostr.txt', 'zero-width-bitfield.txt']);

function argvFor(file: string, out: string): string[] {
  const f = join(BAD, file);
  if (file.endsWith('.txt')) return ['layout', 'import', f, '--out', join(out, 'layout.json')];
  if (file === 'evil-c.json') return ['regroup', f, '--out', join(out, 'rg'), '--budget', '2', '--faults', '3', '--short-faults', '2', '--iterations', '1', '--confirm', '1', '--threads', '2', '--quiet'];
  if (file === 'report-bad-results.json') return ['report', out];
  return ['run', f, '--out', out, '--jobs', '1', '--quiet', '--iterations', '1'];
}

const files = readdirSync(BAD).filter((f) => f !== 'README.md').sort();

describe('920 bad inputs through the CLI', () => {
  it('GIVEN the fixture folder THEN it holds the 31 cases of the README', () => {
    expect(files.length).toBe(31);
  });

  for (const file of files.filter((f) => !VALID.has(f))) {
    it(`GIVEN ${file} WHEN run THEN exit 2, one escaped line naming the file, nothing written`, async () => {
      const out = join(root, file.replace(/\W/g, '_'));
      if (file === 'report-bad-results.json') { mkdirSync(out, { recursive: true }); copyFileSync(join(BAD, file), join(out, 'results.json')); }
      const r = await cli(argvFor(file, out));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^linesim: [^\n]+\n$/);
      // eslint-disable-next-line no-control-regex
      expect(r.err.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(r.err).not.toMatch(/\n\s+at /);
      const named = file === 'report-bad-results.json' ? 'results.json' : file.replace(/\.json$/, '');
      expect(r.err).toContain(named);
      if (file === 'report-bad-results.json') expect(readdirSync(out)).toEqual(['results.json']);
      else expect(existsSync(out)).toBe(false);
    });
  }

  it('GIVEN the pahole dumps with member types constructor / toString and a zero-width bitfield WHEN imported THEN layouts linesim loads', async () => {
    for (const file of ['ctor.txt', 'tostr.txt', 'zero-width-bitfield.txt']) {
      const out = join(root, file);
      const r = await cli(argvFor(file, out));
      expect(r.code, r.err).toBe(0);
      const l = loadLayout(join(out, 'layout.json'));
      expect(l.fields.map((f) => f.name)).toEqual(file === 'zero-width-bitfield.txt' ? ['b'] : ['x']);
    }
  });

  it('GIVEN a program object backed by layout d WHEN run THEN it runs and reads d.vm_file', async () => {
    const out = join(root, 'layout-backed');
    const r = await cli([...argvFor('layout-backed-field-ref.json', out), '--no-report']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toMatch(/^p,0,/m);
  });

  it('GIVEN names with HTML, Markdown and spreadsheet formulas WHEN run THEN summary.md escapes them and CSV cells are neutralised', async () => {
    const out = join(root, 'xss-program');
    const r = await cli(argvFor('xss-program.json', out));
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).not.toMatch(/<script|<img|<b /);
    expect(md).toContain('&lt;');
    const csv = readFileSync(join(out, 'results.csv'), 'utf8');
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv).toMatch(/'=HYPERLINK/);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script>alert|<img src=x/);
  }, 60_000);
});
