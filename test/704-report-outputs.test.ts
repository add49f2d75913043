import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '../src/report/index.ts';
import { main } from '../src/cli/main.ts';
import { microResults, pftResults } from './helpers/report-fixtures.ts';
import { fmtNum } from '../src/report/compare.ts';
import { hmean } from '../src/report/stats.ts';

const root = mkdtempSync(join(tmpdir(), 'linesim-704-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SCENARIO: writeReport on a pft layout sweep', () => {
  const dir = join(root, 'pft');
  const results = pftResults({ iterations: 3, threads: [1, 12, 56] });
  let files: string[] = [];
  beforeAll(async () => { files = (await writeReport(dir, results)).files; }, 30_000);

  it('GIVEN results WHEN the report is written THEN every output file exists (html, md, csvs, plots as svg and png)', () => {
    for (const f of ['index.html', 'summary.md', 'stats.csv', 'reproduction.csv', 'attribution.csv', 'attribution.json',
      'plots/rate-faults_per_cpu.svg', 'plots/rate-faults_per_cpu.png', 'plots/pct-faults_per_cpu.svg', 'plots/pairs-broadwell.png', 'plots/cycles.svg']) {
      expect(files, f).toContain(f);
      expect(statSync(join(dir, f)).size, f).toBeGreaterThan(100);
    }
  });

  it('GIVEN a PNG WHEN read THEN it is a PNG, and its SVG carries text (axis titles) for resvg to draw', () => {
    const png = readFileSync(join(dir, 'plots/rate-faults_per_cpu.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(dir, 'plots/rate-faults_per_cpu.svg'), 'utf8')).toContain('>threads<');
  });

  it('GIVEN the HTML WHEN read THEN it has the compare, reproduction and attribution tables, inline SVGs and the config', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    // boolean checks: a failing toContain on a 300 kB page would print all of it
    const has = (s: string) => expect(html.includes(s), `index.html contains ${s}`).toBe(true);
    has('<table class="compare">');
    has('<table class="reproduction">');
    has('<table class="lines">');
    has('vma.vm_lock.count +192..199 (rmw)');
    // the fixture ran 1, 12, 56 threads; the published entry also has 4 threads
    expect(/\d\/3 agree \(1 without model data\)/.test(html), 'agreement count').toBe(true);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    has('<details><summary>experiment as run');
    expect(/<script|https?:\/\/(?!www\.w3\.org)/.test(html), 'self-contained: no scripts, no network').toBe(false);
    // the number in the table is the Hmean computed from the samples
    const b2 = results.points.find((p) => p.coords.layout === 'b2' && p.coords.prefetch === 'on' && p.coords.threads === 56)!;
    const h = fmtNum(hmean(b2.runs.map((r) => r.metrics.faults_per_cpu)));
    has(h);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(h);
  });

  it('GIVEN stats.csv WHEN read THEN there is one row per point × metric with hmean, mean, sd, ci95 and n', () => {
    const lines = readFileSync(join(dir, 'stats.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('layout,profile,prefetch,threads,metric,unit,aggregate,n,hmean,mean,sd,ci95,min,max');
    expect(lines.length - 1).toBe(results.points.length * 2);
  });

  it('GIVEN reproduction.csv WHEN read THEN it has the published and modelled % per thread count', () => {
    const lines = readFileSync(join(dir, 'reproduction.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('source,baseline,candidate,profile,prefetch,other_axes,metric,threads,published_pct,modelled_pct,agrees,judged,reading');
    expect(lines.filter((l) => l.includes(',faults/cpu,12,-14.95,'))).toHaveLength(1);
  });
});

describe('SCENARIO: microbenchmark results (no layout axis, a scenario axis)', () => {
  it('GIVEN scenario × prefetch points WHEN reported THEN metrics are bar charts by scenario, compared vs the first scenario', async () => {
    const dir = join(root, 'micro');
    const { files, model } = await writeReport(dir, microResults());
    expect(files).toContain('plots/bars-ns_per_op.svg');
    expect(files.some((f) => f.startsWith('plots/rate-'))).toBe(false);
    expect(files).not.toContain('reproduction.csv');
    expect(model.compare?.setup).toMatchObject({ axis: 'scenario', baseline: 'same-line' });
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('Amean     ns_per_op-2');
  }, 30_000);
});

describe('SCENARIO: `linesim report <dir>` regenerates from results.json', () => {
  it('GIVEN a dir with results.json WHEN `linesim report dir` runs THEN it exits 0 and writes index.html', async () => {
    const dir = join(root, 'cli');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'results.json'), JSON.stringify(pftResults({ iterations: 2, threads: [1, 4], layouts: ['b2', 'd'], prefetch: ['on'] })));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['report', dir]);
    out.mockRestore();
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'index.html'))).toBe(true);
  }, 30_000);

  it('GIVEN a dir without results.json WHEN reported THEN exit 2 with one line naming the file', async () => {
    const dir = join(root, 'empty');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await main(['report', dir]);
    const msg = err.mock.calls.map((c) => String(c[0])).join('');
    err.mockRestore();
    expect(code).toBe(2);
    expect(msg).toBe(`linesim: ${join(dir, 'results.json')}: no such file (run \`linesim run\` first)\n`);
  });

  it('GIVEN results.json that is not JSON WHEN reported THEN exit 2 naming the file and the parse error', async () => {
    const dir = join(root, 'bad');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'results.json'), '{"experiment": ');
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await main(['report', dir]);
    const msg = err.mock.calls.map((c) => String(c[0])).join('');
    err.mockRestore();
    expect(code).toBe(2);
    expect(msg).toMatch(new RegExp(`^linesim: ${join(dir, 'results.json')}: not valid JSON: `));
  });
});

describe('SCENARIO: an alternative reading in the HTML report', () => {
  it('GIVEN a published entry marked alternative WHEN reported THEN its rows say alt. and its reason is shown once, escaped', async () => {
    const dir = join(root, 'alt');
    const r = pftResults({ iterations: 2, threads: [1, 12] });
    const alt = { ...r.experiment.published![0]!, prefetch: 'off', alternative: 'setting <b>unknown</b> & unstated' };
    await writeReport(dir, { ...r, experiment: { ...r.experiment, published: [r.experiment.published![0]!, alt] } });
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(html.split('alt. c_rfc vs b2 (broadwell), prefetch off: setting &lt;b&gt;unknown&lt;/b&gt; &amp; unstated')).toHaveLength(2);
    expect(html.includes('<b>unknown</b>')).toBe(false);
    expect(html.includes('(broadwell) alt.')).toBe(true);
  }, 30_000);
});
