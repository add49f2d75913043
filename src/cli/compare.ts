/**
 * `linesim compare <layout> <layout> [...]`: the same workload on each layout through the
 * experiment runner (results.csv, index.html, summary.md) plus a side-by-side report
 * (compare.html / .md / .csv) with "new sharing" flagged first. `--sweep` adds what-if axes.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../util/errors.ts';
import { safeStem } from '../util/safe-path.ts';
import { checkOutDir, iterationsFlag, jobsFlag, nameList, posInt, seedFlag, threadsFlag } from './flags.ts';
import { chooseProgress } from '../experiment/progress.ts';
import { resolveCompareLayouts, runCompare, type CompareRequest } from '../compare/run.ts';
import { parseOffsets, parseSweep, sweepSetup } from '../compare/sweep.ts';
import { parseWorkloadArg } from '../compare/workload-arg.ts';

interface CompareFlags {
  workload: string; profiles: string; prefetch: string; threads: string; iterations: string; faults?: string; warmup?: string;
  seed: string; sweep?: string; offsets: string; out?: string; jobs?: string; quiet?: boolean;
}

export async function compareCommand(layouts: string[], f: CompareFlags): Promise<void> {
  const threads = threadsFlag(f.threads);
  const iterations = iterationsFlag(f.iterations);
  const seed = seedFlag(f.seed);
  const jobs = jobsFlag(f.jobs);
  const wl = parseWorkloadArg(f.workload);
  const workload: CompareRequest['workload'] = { ...wl.block };
  if ((f.faults !== undefined || f.warmup !== undefined) && wl.block.kind !== 'pft') {
    throw new InputError(f.faults !== undefined ? '--faults' : '--warmup', '', 'only for --workload pft (a program sets its own repeat counts)');
  }
  if (f.faults !== undefined) workload.faultsPerThread = posInt('--faults', f.faults);
  if (f.warmup !== undefined) workload.warmupFaults = posInt('--warmup', f.warmup, 0);
  const req: CompareRequest = {
    name: f.out ? 'compare' : safeStem(`compare-${layouts.map((l) => l.replace(/^.*\//, '').replace(/\.\w+$/, '')).join('-vs-')}`, 'compare'),
    layouts, workload, profiles: nameList('--profiles', f.profiles), prefetch: nameList('--prefetch', f.prefetch),
    threads, iterations, seed, mainObject: wl.mainObject, unit: wl.unit,
  };
  if (f.sweep !== undefined) {
    const kinds = parseSweep(f.sweep);
    const offsets = parseOffsets(f.offsets);
    if (layouts.length < 1) throw new InputError('compare', '', 'give at least one layout');
    const resolved = await resolveCompareLayouts({ ...req, axes: {} });
    const s = sweepSetup(kinds, offsets, req.prefetch, resolved);
    Object.assign(req, { axes: s.axes, exclude: s.exclude, prefetch: s.prefetch, notes: s.notes });
  } else if (layouts.length < 2) {
    throw new InputError('compare', '', 'give at least two layouts (the first is the baseline), or one with --sweep');
  }
  const out = f.out ?? join('reports', req.name);
  checkOutDir(out);
  const run = await runCompare(req, out, { jobs, progress: chooseProgress(f.quiet ?? false) });
  if (f.quiet) return;
  process.stdout.write(`${run.points.length} points → ${out}/compare.html, compare.md, compare.csv (full report: ${out}/index.html, results.csv)\n`);
}

export function register(program: Command): void {
  program
    .command('compare')
    .description('Run the same workload on each layout (the first is the baseline) and write a side-by-side report: size, cachelines, ' +
      '128-B pairs, holes, lines touched per code path, cycles per fault, rate per thread count with % change, per-field and ' +
      'per-line false sharing before vs after, and any (writer field → victim field) pair that false-shares in a candidate ' +
      'but not in the baseline ("new sharing"), flagged at the top.')
    .argument('<layouts...>', 'layout names (layouts/), layout .json files or pahole dumps')
    .option('--workload <kind|file>', 'pft, spf, or a JSON file with a program workload (or an experiment) whose object takes "layout": "$layout"', 'pft')
    .option('--profiles <list>', 'CPU profiles, comma-separated', 'broadwell-ep')
    .option('--prefetch <list>', 'prefetch settings, comma-separated', 'on')
    .option('--threads <list>', 'thread counts, comma-separated', '1,12,21,56')
    .option('--iterations <n>', 'runs per point', '3')
    .option('--faults <n>', 'measured faults per thread per run (pft faultsPerThread)')
    .option('--warmup <n>', 'warm-up faults per thread (pft warmupFaults)')
    .option('--seed <n>', 'base seed', '1')
    .option('--sweep <kinds>', 'what-if axes: offsets (slab start offset), align (object alignment 16/64), prefetch|lines (64-B vs 128-B pair semantics)')
    .option('--offsets <start:end:step>', 'slab start offsets for --sweep offsets, bytes', '0:4080:16')
    .option('--out <dir>', 'output directory (default reports/compare-<layouts>)')
    .option('--jobs <n>', 'worker threads (default: number of CPUs)')
    .option('--quiet', 'no progress and no summary line')
    .addHelpText('after', `
Examples:
  linesim compare c d --threads 1,12,21,56 --out /tmp/c-vs-d
  linesim compare b2 my-regrouping.json --prefetch on,off
  linesim compare packed.json split.json --workload my-experiment.json --threads 2,8
  linesim compare c d --sweep offsets,align --offsets 0:1008:16 --threads 56 --iterations 1 --faults 40

Outputs (in --out): compare.html, compare.md, compare.csv, compare-layouts.csv, new-sharing.csv,
plus the standard run outputs (results.csv, results.json, index.html, summary.md) and, with
--sweep offsets, plots/whatif-offsets*.svg|png and whatif.csv.`)
    .action(async (layouts: string[], flags: CompareFlags) => {
      await compareCommand(layouts, flags);
    });
}
