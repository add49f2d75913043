/**
 * `npm run bench`: simulator speed in simulated memory accesses per wall-clock second,
 * on one core, through the real thread runner (the path every experiment takes).
 *   contended    56 threads on Broadwell-EP (all CPUs, both sockets, SMT), prefetch on:
 *                per op a CAS and a lock add on one shared lock word, 6 reads of two
 *                read-mostly lines, 200 cycles of work
 *   single       the same program, one thread
 *   uncontended  56 threads, each with its own lock and read-mostly lines
 *   contended-legacy  the contended case with the engine's pre-issue-12 semantics, so the
 *                engine's speed compares with runs before the store buffer (commit 5f283a5):
 *                arbitration 'coin', no store buffer, no DCU/streamer prefetchers, an owned
 *                buddy line's prefetch dropped (onOwned 'drop'), no SMT miss merging
 *                (smtMissMerge false: with it the program has a quarter fewer misses)
 * Prints figures only (no assertions); target ≥ 10 M accesses/s (contended). Usage:
 *   npm run bench [-- --accesses 3000000] [-- --repeat 5] [-- --check] [-- --cases contended,single]
 */
import '../src/util/v8-tuning.ts'; // first: the same V8 settings as the CLI
import { Machine } from '../src/model/machine.ts';
import { applyPrefetchSetting, loadProfile, toMachineConfig } from '../src/profile/index.ts';
import { Arena } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { Cond, RmwFn, type CompiledProgram } from '../src/workload/ir.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import type { PlacedObject } from '../src/workload/arena.ts';
import type { MachineConfig } from '../src/model/machine-config.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const TARGET_ACCESSES = arg('accesses', 3_000_000);
const CHECK = process.argv.includes('--check');
const REPEAT = arg('repeat', 5);
const ACCESSES_PER_OP = 8; // CAS + lock add + 6 reads

const LOCK = { name: 'lock', size: 64, objectAlign: 64, typesafeByRcu: false, fields: [{ name: 'word', offset: 0, size: 8 }] };
const RO = {
  name: 'ro', size: 128, objectAlign: 64, typesafeByRcu: false,
  fields: [0, 8, 16, 64, 72, 80].map((o, i) => ({ name: `f${i}`, offset: o, size: 8 })),
};

function program(sites: SiteTable, lock: PlacedObject, ro: PlacedObject, ops: number): CompiledProgram {
  const b = new ProgramBuilder(sites).inPath('bench');
  b.set('i', 0).label('loop');
  b.cas({ obj: lock, role: 'lock', field: 'word' }, 0, 0, 'old'); // a locked op that leaves the value alone
  b.rmw(RmwFn.Add, { obj: lock, role: 'lock', field: 'word' }, 1);
  for (let f = 0; f < 6; f++) b.read({ obj: ro, role: 'ro', field: `f${f}` });
  b.work(200);
  b.rmw(RmwFn.Sub, { obj: lock, role: 'lock', field: 'word' }, 1); // keep the word at 0 for the CAS
  b.done().add('i', 1).br('i', Cond.Lt, ops, 'loop').halt();
  return b.build();
}

interface Figures { label: string; threads: number; accesses: number; misses: number; seconds: number; simNsPerOp: number }

/** The profile overrides of `contended-legacy` (see the header). */
function legacy(cfg: MachineConfig): MachineConfig {
  const { storeBuffer: _, ...rest } = cfg;
  return { ...rest, arbitration: 'coin', smtMissMerge: false, prefetch: { ...cfg.prefetch, also: [], onOwned: 'drop' } };
}

function run(label: string, threads: number, shared: boolean, accesses = TARGET_ACCESSES, old = false): Figures {
  const base = applyPrefetchSetting(toMachineConfig(loadProfile('broadwell-ep')), 'on');
  const cfg = old ? legacy(base) : base;
  const arena = new Arena(cfg.lineBytes);
  const sites = new SiteTable();
  const perOp = ACCESSES_PER_OP + 1; // + the unlock
  const ops = Math.ceil(accesses / (threads * perOp));
  const objs = Array.from({ length: shared ? 1 : threads }, (_, k) => ({
    lock: arena.single(`lock${k}`, LOCK, 128), ro: arena.single(`ro${k}`, RO, 128),
  }));
  const progs = Array.from({ length: threads }, (_, t) => {
    const o = objs[shared ? 0 : t]!;
    return program(sites, o.lock, o.ro, ops);
  });
  const m = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: sites.sites.length, check: CHECK });
  const nCores = m.topo.nCores;
  // precomputed: the runner asks on every Work step, an allocation there would be ours
  const siblings = Array.from({ length: m.topo.nCpus }, (_, cpu) => [(cpu + nCores) % m.topo.nCpus]);
  const t0 = performance.now();
  const res = runThreads(m, progs.map((program, cpu) => ({ cpu, program })), {
    seed: 1, warmupOps: 0, smtWorkFactor: cfg.smtWorkFactor,
    siblingsOf: (cpu) => siblings[cpu]!,
  });
  const seconds = (performance.now() - t0) / 1000;
  const span = Math.max(...res.map((r) => r.tEnd));
  const totalOps = res.reduce((s, r) => s + r.ops, 0);
  return { label, threads, accesses: m.stats.c.accesses, misses: m.stats.c.misses, seconds, simNsPerOp: span / cfg.freqGHz / (totalOps / threads) };
}

const fmt = (x: number) => (x / 1e6).toFixed(2);
// Not mathjs: loading it adds ~80 MiB to the peak RSS this bench reports for the simulator.
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2; };
console.log(`linesim bench: broadwell-ep, prefetch on, ${CHECK ? 'checked' : 'unchecked'}, ≈${fmt(TARGET_ACCESSES)} M accesses per case`);
const ALL_CASES = [
  ['contended', 56, true, false], ['single', 1, true, false], ['uncontended', 56, false, false], ['contended-legacy', 56, true, true],
] as const;
const ci = process.argv.indexOf('--cases');
const pick = ci >= 0 ? new Set(process.argv[ci + 1]!.split(',')) : null;
const CASES = ALL_CASES.filter(([label]) => pick === null || pick.has(label));
if (CASES.length === 0) { console.error(`bench: --cases names none of ${ALL_CASES.map((c) => c[0]).join(', ')}`); process.exit(2); }
// JIT warm-up: each case once at a third of the size. V8 re-optimizes the model's code
// when the first machines are built; experiments run many points per worker, so the
// figures below are for the steady state, not for the first point of a process.
for (const [, threads, shared, old] of CASES) run('warm-up', threads, shared, TARGET_ACCESSES / 3, old);
// Each case REPEAT times, interleaved; the median rate is the figure (a shared VM's
// run-to-run spread is ±10 %, so one run would not say much). Simulated results are
// identical across repeats (same seed), only the wall time varies.
const runs = new Map<string, Figures[]>(CASES.map(([label]) => [label, []]));
for (let i = 0; i < REPEAT; i++) for (const [label, threads, shared, old] of CASES) runs.get(label)!.push(run(label, threads, shared, TARGET_ACCESSES, old));
for (const [label, fs] of runs) {
  const rates = fs.map((r) => r.accesses / r.seconds), r = fs[0]!;
  console.log(
    `${label.padEnd(12)} ${String(r.threads).padStart(2)} thr  ${fmt(r.accesses).padStart(6)} M accesses  ` +
    `${fmt(median(rates)).padStart(6)} M accesses/s median of ${REPEAT} (${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))})  ` +
    `(simulated ${r.simNsPerOp.toFixed(0)} ns/op per thread, ${(r.misses / r.accesses).toFixed(4)} misses/access)`,
  );
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
