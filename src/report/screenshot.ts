/**
 * PNG screenshot of a report page with Debian's chromium (no browser download):
 * used by `linesim headline` for the README picture. Flags: stack-notes.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function screenshot(htmlPath: string, pngPath: string, executablePath = '/usr/bin/chromium'): Promise<void> {
  const { chromium } = await import('playwright-core');
  const tmp = mkdtempSync(join(tmpdir(), 'linesim-shot-'));
  const ctx = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1400, height: 1800 },
  });
  try {
    const page = await ctx.newPage();
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    await page.screenshot({ path: pngPath, fullPage: false });
  } finally {
    await ctx.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
