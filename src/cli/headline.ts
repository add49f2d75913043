/**
 * `linesim headline` (what `npm start` runs): the vm_area_struct per-VMA lock experiment
 * (b2 vs c_rfc vs d on pft, prefetch on/off, several CPUs) → reports/headline/index.html,
 * plus a PNG screenshot of it when Debian's chromium is installed.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { runCommand } from './run-experiment.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

export function register(program: Command): void {
  program
    .command('headline')
    .description('Run the headline experiment (experiments/headline.json: the per-VMA lock placements\n' +
      'b2 / c_rfc / d on pft-threads, Broadwell-EP and newer CPUs, prefetch on/off) and write\n' +
      'reports/headline/index.html. This is what `npm start` runs.')
    .option('--out <dir>', 'output directory', 'reports/headline')
    .option('--jobs <n>', 'worker threads (default: number of CPUs)')
    .option('--quick', 'one iteration, Broadwell-EP only (a smoke run)')
    .option('--resume', 'reuse points from an interrupted headline run')
    .addHelpText('after', '\nExample:\n  npm start                      # same as: linesim headline\n  linesim headline --quick --out /tmp/h\n')
    .action(async (o: { out: string; jobs?: string; quick?: boolean; resume?: boolean }) => {
      const t0 = Date.now();
      await runCommand(join(ROOT, 'experiments/headline.json'), {
        out: o.out, jobs: o.jobs, resume: o.resume,
        ...(o.quick ? { iterations: '1', profiles: 'broadwell-ep' } : {}),
      });
      const html = resolve(o.out, 'index.html');
      const png = resolve(o.out, 'index.png');
      if (existsSync('/usr/bin/chromium')) {
        const { screenshot } = await import('../report/screenshot.ts');
        await screenshot(html, png);
        process.stdout.write(`screenshot → ${png}\n`);
      }
      process.stdout.write(`\nHeadline report: ${html}\n(open it in a browser; wall time ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    });
}
