/**
 * `npm run sensitivity`: how the headline's published faults/cpu cells (Broadwell-EP)
 * respond to each constant of the fault path's shared kernel objects and the new
 * profile constants, one at a time at ×0.5 and ×1.5 (issue 13), and the pair prefetcher's
 * `sharedBuddy` switch, and the later sessions' switches. Runs the headline
 * experiment through the CLI for each variant and prints how many judged cells agree.
 * Usage: npm run sensitivity [-- --iterations 1] [-- --jobs 2] [-- --threads 12,21,56]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KERNEL_CONSTANTS, KERNEL_CONSTANT_NAMES } from '../src/kernel/shared/constants.ts';
import { loadResults } from '../src/report/results-file.ts';
import { reproductionRows } from '../src/report/reproduction.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const ROOT = resolve(import.meta.dirname, '..');
const base = JSON.parse(readFileSync(join(ROOT, 'experiments/headline.json'), 'utf8')) as Record<string, unknown>;
base.profiles = ['broadwell-ep'];
base.iterations = Number(arg('iterations', '1'));
const threads = arg('threads', '');
if (threads) base.threads = threads.split(',').map(Number);
delete base.$schema;

interface Variant { label: string; axes?: Record<string, number[]>; overrides?: Record<string, unknown> }
const variants: Variant[] = [{ label: 'defaults' }];
for (const n of KERNEL_CONSTANT_NAMES) {
  for (const f of [0.5, 1.5]) variants.push({ label: `${n} ×${f}`, axes: { [`kc.${n}`]: [KERNEL_CONSTANTS[n].v * f] } });
}
for (const f of [0.5, 1.5]) {
  variants.push({ label: `pauseCycles ×${f}`, overrides: { pauseCycles: 10 * f } });
  variants.push({ label: `llc.sliceSpreadCycles ×${f}`, overrides: { 'llc.sliceSpreadCycles': 12 * f } });
  // session 12: rmwCycles is the whole locked RMW of a hit (its L1 hit included)
  variants.push({ label: `rmwCycles ×${f}`, overrides: { rmwCycles: 19 * f } });
}
// the gap between a fault's release and the next fault's lock (workload default 710, a
// measured lower bound), and the old placement of all private work under the lock
for (const f of [0.5, 1.5]) variants.push({ label: `exceptionCycles ×${f}`, axes: { exceptionCycles: [710 * f] } });
variants.push({ label: 'exceptionCycles 0 (no gap)', axes: { exceptionCycles: [0] } });
// switches (not constants): the pair prefetcher's buddy rule and its ablation
variants.push({ label: 'prefetch.sharedBuddy upgrade', overrides: { 'prefetch.sharedBuddy': 'upgrade' } });
// session 8's switches: FIFO order instead of the remote waiter first, and plain loads before a locked RMW
variants.push({ label: 'remoteFirst false (FIFO)', overrides: { remoteFirst: false } });
variants.push({ label: 'loadRfoBeforeRmw false (plain loads)', overrides: { loadRfoBeforeRmw: false } });
// session 9: the SMT sibling's miss merged wherever its core-mate waits, switched off
variants.push({ label: 'smtMissMerge false', overrides: { smtMissMerge: false } });
// session 10: prefetches served ahead of the demand requests waiting at the line's home
variants.push({ label: 'prefetch.queue ahead', overrides: { 'prefetch.queue': 'ahead' } });
variants.push({ label: 'prefetch.trigger fill', overrides: { 'prefetch.trigger': 'fill' } });
// session 11: a PAUSE-spinning core-mate stretches the other's work again; memory stalls stretch under SMT
variants.push({ label: 'smtSpinYields false', overrides: { smtSpinYields: false } });
variants.push({ label: 'smtStretchesStalls true', overrides: { smtStretchesStalls: true } });
// session 12: a core-mate's store or locked RMW hits a line the other thread's locked RMW holds
variants.push({ label: 'smtSiblingWaitsForLock false', overrides: { smtSiblingWaitsForLock: false } });
// session 12: a queued request of the core holding the line waits a snoop lead again
variants.push({ label: 'sameCoreAtFill false', overrides: { sameCoreAtFill: false } });

const dir = mkdtempSync(join(tmpdir(), 'linesim-sens-'));
try {
  console.log('| variant | judged faults/cpu cells agreeing |\n|---|---|');
  for (const v of variants) {
    const exp: Record<string, unknown> = { ...base, name: 'sensitivity', ...(v.axes ? { axes: { ...(base.axes as object | undefined), ...v.axes } } : {}) };
    if (v.overrides) exp.profiles = [{ name: 'broadwell-ep', overrides: v.overrides, label: 'broadwell-ep' }];
    const file = join(dir, 'exp.json'), out = join(dir, 'out');
    writeFileSync(file, JSON.stringify(exp));
    const r = spawnSync(process.execPath, ['--import', 'tsx/esm', join(ROOT, 'src/cli/main.ts'), 'run', file, '--out', out, '--quiet', '--no-report', '--jobs', arg('jobs', '2')], { stdio: 'inherit', cwd: ROOT });
    if (r.status !== 0) { console.log(`| ${v.label} | run failed (exit ${r.status}) |`); continue; }
    const res = loadResults(join(out, 'results.json'));
    const rows = reproductionRows(res.experiment, res.points).filter((x) => x.judged && x.metric === 'faults_per_cpu' && x.agrees !== null);
    console.log(`| ${v.label} | ${rows.filter((x) => x.agrees).length} / ${rows.length} |`);
    rmSync(out, { recursive: true, force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
