/**
 * Opens the generated index.html in real headless Chromium (Debian's, via playwright-core)
 * and checks what a reader sees: plots drawn as SVG with marks and text, tables with rows.
 * Leaves a screenshot in reports/test-artifacts/report-screenshot.png for a human look.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { writeReport } from '../src/report/index.ts';
import { pftResults } from './helpers/report-fixtures.ts';

// LINESIM_CHROMIUM only exists to check this test's own failure message
const CHROMIUM = process.env.LINESIM_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../reports/test-artifacts');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('SCENARIO: the HTML report in a real browser', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'linesim-705-'));
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/setup-tools.sh (installs chromium and fonts-dejavu-core)`);
    }
    const dir = join(ARTIFACTS, 'report-html');
    await writeReport(dir, pftResults({ iterations: 3, threads: [1, 4, 12, 56] }));
    // a fresh profile dir per run: no state leaks between runs, nothing phones home
    context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 1000 },
    });
    page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
    expect(requests, 'the report is self-contained (no network requests)').toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('GIVEN the page WHEN rendered THEN every plot is an SVG with drawn marks and visible text', async () => {
    const plots = await page.$$eval('figure.plot', (figs) => figs.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      const texts = svg ? [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() !== '' && t.getBBox().width > 0) : [];
      return {
        name: f.getAttribute('data-plot'),
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        marks: svg ? svg.querySelectorAll('[role="graphics-symbol"], .role-mark path, .role-mark line').length : 0,
        texts: texts.length,
      };
    }));
    expect(plots.map((p) => p.name)).toEqual(expect.arrayContaining(['rate-faults_per_cpu', 'pct-faults_per_cpu', 'pairs-broadwell', 'cycles']));
    for (const p of plots) {
      expect(p.width, `${p.name} width`).toBeGreaterThan(100);
      expect(p.height, `${p.name} height`).toBeGreaterThan(100);
      expect(p.marks, `${p.name} marks`).toBeGreaterThan(3);
      expect(p.texts, `${p.name} text labels`).toBeGreaterThan(5);
    }
  });

  it('GIVEN the page WHEN rendered THEN the compare, reproduction and attribution tables have non-empty rows', async () => {
    for (const cls of ['compare', 'reproduction', 'lines', 'pairs', 'pairs-prefetch']) {
      const rows = await page.$$eval(`table.${cls} tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
      expect(rows.length, `table.${cls} rows`).toBeGreaterThan(0);
      expect(rows.every((r) => r.length > 2 && r.every((c) => c !== '')), `table.${cls} cells non-empty`).toBe(true);
    }
    const agree = await page.textContent('#reproduction .agree');
    expect(agree).toMatch(/^\d+\/4 agree$/);
    // the verdict is visible; the per-group compare tables are folded behind it
    expect(await page.isVisible('table.verdict')).toBe(true);
    expect(await page.isVisible('table.compare')).toBe(false);
  });

  it('GIVEN the page WHEN rendered THEN the verdict block comes first, at the top of the first screen', async () => {
    const first = await page.$eval('body', (b) => {
      const kids = [...b.children].filter((c) => c.tagName !== 'HEADER');
      const v = document.getElementById('verdict')!.getBoundingClientRect();
      return { id: kids[0]?.id, top: v.top, text: document.getElementById('verdict')!.textContent ?? '' };
    });
    expect(first.id).toBe('verdict');
    expect(first.top).toBeLessThan(200);
    expect(first.text).toMatch(/Verdict: c_rfc, d vs b2/);
    expect(first.text).toMatch(/false sharing/);
  });

  it('GIVEN the page WHEN rendered THEN every figure and table fits the page width (no horizontal scrolling)', async () => {
    const r = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const over = [...document.querySelectorAll('figure.plot svg, table')]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ name: el.closest('figure')?.getAttribute('data-plot') ?? el.className, right: el.getBoundingClientRect().right }))
        .filter((x) => x.right > width + 0.5);
      return { width, scroll: document.documentElement.scrollWidth, over };
    });
    expect(r.over).toEqual([]);
    expect(r.scroll).toBeLessThanOrEqual(r.width);
  });

  it('GIVEN the page WHEN screenshotted THEN a PNG is saved under reports/test-artifacts for a human look', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, 'report-screenshot.png');
    const png = await page.screenshot({ path, fullPage: true });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(path)).toBe(true);
  }, 30_000);
});
