/**
 * `linesim regroup <layout>`: search a better member order for a vm_area_struct-like
 * layout under constraints, scored by the model (pft cycles per fault), and write the
 * candidate as a layout file, a C struct, regroup.json and a compare report against the
 * input and the references.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError, oneLine } from '../util/errors.ts';
import { chooseProgress } from '../experiment/progress.ts';
import { runCompare } from '../compare/run.ts';
import { compareTables } from '../report/compare.ts';
import { prepareRegroup, runRegroup, writeRegroupOutputs, type RegroupRequest } from '../regroup/run.ts';
import { LOCK_SCHEMES, type LockSchemeChange } from '../regroup/lock-scheme.ts';
import { checkOutDir, intList, iterationsFlag, jobsFlag, nameList, natList, posInt, seedFlag, threadsFlag } from './flags.ts';
import { parseWorkloadArg } from '../compare/workload-arg.ts';

interface Flags {
  workload: string; profiles: string; weights?: string; prefetch: string; threads: string; maxCachelines?: string; fixed?: string; group?: string;
  reference?: string[]; budget: string; seed: string; slots: string; shortFaults: string; faults: string; warmup: string; iterations: string;
  confirm: string; slabAlign?: string; lockScheme: string; shuffle?: string; name?: string; compareThreads?: string; out: string; jobs?: string; quiet?: boolean;
}

export function parseRegroupFlags(input: string, f: Flags): RegroupRequest {
  if (f.name !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(f.name)) throw new InputError('--name', '', `expected a plain file name (letters, digits, . _ -, at most 100), got '${oneLine(f.name, 40)}'`);
  const wl = parseWorkloadArg(f.workload);
  if (wl.block.kind !== 'pft' && wl.block.kind !== 'program') throw new InputError('--workload', '', `regroup scores layouts with pft or a program workload, got '${wl.block.kind}'`);
  const groups = (f.group ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '').map((g) => {
    const parts = g.split('+').map((s) => s.trim());
    if (parts.length < 2 || parts.some((s) => s === '')) throw new InputError('--group', '', `expected field+field[+…] groups separated by commas, got '${g}'`);
    return parts;
  });
  const weights = f.weights === undefined ? undefined : f.weights.split(',').map((w) => {
    const x = Number(w);
    if (!Number.isFinite(x) || x < 0 || w.trim() === '') throw new InputError('--weights', '', `expected non-negative numbers, got '${w}'`);
    return x;
  });
  const slabAlign = f.slabAlign === undefined ? undefined : posInt('--slab-align', f.slabAlign);
  if (slabAlign !== undefined && ![8, 16, 32, 64].includes(slabAlign)) throw new InputError('--slab-align', '', `expected 8, 16, 32 or 64, got ${slabAlign}`);
  const threads = threadsFlag(f.threads);
  if (threads.length !== 1) throw new InputError('--threads', '', 'regroup scores at one thread count');
  if (!(LOCK_SCHEMES as readonly string[]).includes(f.lockScheme)) throw new InputError('--lock-scheme', '', `expected ${LOCK_SCHEMES.join(' or ')}, got '${f.lockScheme}'`);
  const faults = posInt('--faults', f.faults), warmup = posInt('--warmup', f.warmup, 0);
  return {
    input, profiles: nameList('--profiles', f.profiles), weights, prefetch: f.prefetch, threads: threads[0]!,
    maxCachelines: f.maxCachelines === undefined ? undefined : posInt('--max-cachelines', f.maxCachelines),
    fixed: f.fixed ? nameList('--fixed', f.fixed) : [], groups, references: f.reference ?? [],
    budget: posInt('--budget', f.budget), seed: seedFlag(f.seed), slots: natList('--slots', f.slots, 63),
    short: { faults: posInt('--short-faults', f.shortFaults), warmup: Math.min(warmup, 10), iterations: 1 },
    full: { faults, warmup, iterations: iterationsFlag(f.iterations) },
    confirm: posInt('--confirm', f.confirm), slabAlign, shuffle: f.shuffle === undefined ? undefined : posInt('--shuffle', f.shuffle, 0), name: f.name,
    lockScheme: f.lockScheme as LockSchemeChange,
    ...(wl.block.kind === 'program' ? { program: { block: wl.block, mainObject: wl.mainObject } } : {}),
  };
}

export async function regroupCommand(input: string, f: Flags): Promise<void> {
  const req = parseRegroupFlags(input, f);
  const compareThreads = f.compareThreads ? intList('--compare-threads', f.compareThreads) : [...new Set([1, req.threads])];
  const jobs = jobsFlag(f.jobs);
  checkOutDir(f.out);
  const prepared = await prepareRegroup(req);
  const tty = process.stderr.isTTY === true;
  let last = 0;
  const progress = (line: string, final = false) => {
    if (f.quiet) return;
    const now = Date.now();
    if (tty) process.stderr.write(`\r${line.padEnd(100)}${final ? '\n' : ''}`);
    else if (final || now - last > 2000 || !line.includes('evaluated,')) { process.stderr.write(line + '\n'); last = now; }
  };
  const outcome = runRegroup(prepared, progress);
  const { layoutPath, startPath } = writeRegroupOutputs(f.out, prepared, outcome);
  const layouts = [startPath ?? input, layoutPath, ...prepared.references.map((r) => r.ref)];
  const cmp = await runCompare({
    name: 'regroup-compare', description: `${outcome.candidate.name} vs its input and references`, layouts,
    workload: req.program ? req.program.block : { kind: 'pft', faultsPerThread: req.full.faults, warmupFaults: req.full.warmup },
    mainObject: req.program?.mainObject ?? 'vma', unit: req.program ? 'op' : 'fault',
    profiles: req.profiles, prefetch: [req.prefetch], threads: compareThreads, iterations: req.full.iterations, seed: req.seed,
  }, join(f.out, 'compare'), { jobs, progress: chooseProgress(true) });
  if (f.quiet) return;
  const pct = ((outcome.start.score - outcome.full.score) / outcome.start.score) * 100;
  // Say what the compare report says about the same change: a win inside the run-to-run
  // spread is not announced as one.
  const cell = compareTables(cmp.points, { axis: 'layout', baseline: prepared.start.name, candidates: [outcome.candidate.name] })
    .flatMap((t) => t.rows).find((r) => r.threads === req.threads && r.metric.name === (req.program ? 'ops_per_cpu_s' : 'faults_per_cpu'))?.candidates[0];
  const verdict = !cell ? '' : cell.significant
    ? `compare at ${req.threads} threads: ${cell.pct >= 0 ? '+' : '−'}${Math.abs(cell.pct).toFixed(1)} % ${req.program ? 'ops' : 'faults'}/cpu, significant\n`
    : `compare at ${req.threads} threads: ${cell.pct >= 0 ? '+' : '−'}${Math.abs(cell.pct).toFixed(1)} % ${req.program ? 'ops' : 'faults'}/cpu, NOT significant (within the run-to-run spread; more --iterations may tell)\n`;
  process.stdout.write(`${outcome.candidate.name}: ${outcome.candidate.size} B, ${Math.ceil(outcome.candidate.size / 64)} cachelines, ${outcome.full.score.toFixed(0)} cycles/${req.program ? 'op' : 'fault'} ` +
    `(${prepared.start.name}: ${outcome.start.score.toFixed(0)}, ${pct >= 0 ? '−' : '+'}${Math.abs(pct).toFixed(1)}%` +
    `${outcome.references.map((r) => `; ${r.name}: ${r.score.toFixed(0)}`).join('')})\n` +
    verdict + `→ ${layoutPath}, ${layoutPath.replace(/\.json$/, '.h')}, regroup.json, compare/compare.html\n`);
}

export function register(program: Command): void {
  program
    .command('regroup')
    .description('Search a better member order for a vm_area_struct-like layout, scored by the model: pft cycles per fault at one ' +
      'thread count (worst case across profiles, or weighted). Keeps natural alignment, unions and nested structs together, ' +
      '--fixed members at their offsets, --group members adjacent, ____cacheline_aligned members on line starts, and the size ' +
      'within --max-cachelines. Starts from heuristics (writer-path groups, read-mostly apart, pahole-style packing), improves ' +
      'with simulated annealing on short runs, confirms the best few on a full run.')
    .argument('<layout>', 'layout name, layout .json or pahole dump')
    .requiredOption('--out <dir>', 'output directory')
    .option('--workload <kind|file>', 'pft, or a JSON file with a program workload (or an experiment) whose object takes "layout": "$layout"', 'pft')
    .option('--profiles <list>', 'CPU profiles, comma-separated', 'broadwell-ep')
    .option('--weights <list>', 'per-profile weights (weighted mean instead of worst case)')
    .option('--prefetch <setting>', 'prefetch setting for scoring', 'on')
    .option('--threads <n>', 'thread count to score at', '56')
    .option('--max-cachelines <k>', 'size bound: at most k × 64 bytes')
    .option('--fixed <fields>', 'members that keep their input offsets, e.g. vm_start,vm_end')
    .option('--group <groups>', 'members kept adjacent, in this order: a+b,c+d')
    .option('--reference <layout>', 'layout to score under the same metric (repeatable)', (v: string, acc: string[] = []) => [...acc, v])
    .option('--budget <n>', 'candidates evaluated by the search (short runs)', '150')
    .option('--seed <n>', 'search and simulation seed', '1')
    .option('--slots <list>', 'slab slots of the faulting VMA to average over (pair phase)', '0,1')
    .option('--short-faults <n>', 'faults per thread in a short (search) run', '15')
    .option('--faults <n>', 'faults per thread in a full (confirm) run', '60')
    .option('--warmup <n>', 'warm-up faults per thread', '10')
    .option('--iterations <n>', 'iterations of a full run', '3')
    .option('--confirm <n>', 'distinct short-run leaders re-scored on the full run', '5')
    .option('--slab-align <n>', "slab object alignment of the candidate (default: the input's; 64 = SLAB_HWCACHE_ALIGN, needed for line placement to mean anything)")
    .option('--shuffle <seed>', 'start from a seeded random member order of the input (written to --out) instead of the input itself')
    .option('--lock-scheme <change>', 'keep: reorder members only; refcount: first replace the per-VMA lock (rw_semaphore or vm_lock pointer) ' +
      'by refcount_t vm_refcnt, drop detached, vm_rcu → vm_freeptr, slab SLAB_TYPESAFE_BY_RCU, as v6.15 did; then reorder', 'keep')
    .option('--name <name>', 'name of the candidate layout (default <input>-regrouped)')
    .option('--compare-threads <list>', 'thread counts of the compare report (default 1,<threads>)')
    .option('--jobs <n>', 'worker threads for the compare report')
    .option('--quiet', 'no progress and no summary')
    .addHelpText('after', `
Examples:
  linesim regroup c --fixed vm_start --max-cachelines 4 --reference d --out /tmp/rg-c
  linesim regroup c --lock-scheme refcount --fixed vm_start --max-cachelines 3 --reference d --out /tmp/rg-c-refcount
  linesim regroup d --shuffle 7 --fixed vm_start --max-cachelines 3 --reference d --out /tmp/rg-shuffled`)
    .action(async (layout: string, flags: Flags) => {
      await regroupCommand(layout, flags);
    });
}
