/**
 * `linesim report <dir>`: regenerate the report from <dir>/results.json without
 * re-running anything (e.g. after changing the report code, or on a copied result dir).
 */
import type { Command } from 'commander';
import { join } from 'node:path';

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'Regenerate the report (index.html, summary.md, plots/*.svg|png, stats.csv,\n' +
        'reproduction.csv, attribution.csv) from <dir>/results.json without re-running.\n' +
        'Tables follow mmtests-compare (Hmean, % change vs the baseline layout, * when\n' +
        'significant) and perf c2c (hot cachelines with field names, paths and CPUs).',
    )
    .argument('<dir>', 'result directory written by `linesim run` (contains results.json)')
    .addHelpText(
      'after',
      '\nExample:\n' +
        '  $ linesim run experiments/vma-rfc-2024.json --out out/pft-vma\n' +
        '  $ linesim report out/pft-vma\n' +
        '  wrote 18 files to out/pft-vma (open out/pft-vma/index.html)\n',
    )
    .action(async (dir: string) => {
      // Loaded on use: vega is heavy and every other verb would pay for it at start-up.
      const { loadResults, writeReport } = await import('../report/index.ts');
      const { agreementSummary } = await import('../report/reproduction.ts');
      const results = loadResults(join(dir, 'results.json'));
      const { files, model } = await writeReport(dir, results);
      const repro = model.reproduction.length > 0 ? `; reproduction: ${agreementSummary(model.reproduction)}` : '';
      process.stdout.write(`wrote ${files.length} files to ${dir} (open ${join(dir, 'index.html')})${repro}\n`);
    });
}
