/**
 * The random tester through the real run loop: random programs of reads, plain stores,
 * locked RMWs, fences and short work over a few shared lines (pairs {0,1}, {2,3}, …), by
 * several threads on one machine in checked mode, so the arbiter's FIFOs and ordering
 * rule, the store buffers and their drainers, and the prefetchers all take part. The
 * engine asserts SWMR, presence and data-value after every event; on top of that each
 * run checks that no thread is left waiting (the run loop throws on a deadlock), that
 * every store buffer drained, and that the final value of every word was written to
 * it (0 only if nobody wrote it) by a write that is its writer's last to that word in
 * program order (a later own write would have committed after it: TSO keeps each
 * thread's stores in order).
 */
import { Machine } from '../../model/machine.ts';
import type { MachineConfig } from '../../model/machine-config.ts';
import { Rng } from '../../util/rng.ts';
import { Arena } from '../arena.ts';
import { ProgramBuilder, type Ref } from '../builder.ts';
import { RmwFn } from '../ir.ts';
import { runThreads } from '../run-threads.ts';
import { SiteTable } from '../sites.ts';

export interface RandomProgramsOptions {
  cfg: MachineConfig;
  seed: number;
  threads: number;
  /** steps per thread */
  steps: number;
  /** shared lines (default 4) */
  lines?: number;
}

const WORDS_PER_LINE = 4;

/** One seeded run; throws on any violation. Returns the number of memory steps run. */
export function runRandomPrograms(o: RandomProgramsOptions): number {
  const rng = new Rng(o.seed);
  const nLines = o.lines ?? 4, lineBytes = o.cfg.lineBytes;
  const arena = new Arena(lineBytes);
  const layout = { name: 'l', size: lineBytes, objectAlign: lineBytes, typesafeByRcu: false, fields: Array.from({ length: WORDS_PER_LINE }, (_, k) => ({ name: `w${k}`, offset: k * 8, size: 8 })) };
  const objs = arena.slab('l', { layout, count: nLines });
  const sites = new SiteTable();
  const written = new Map<number, Map<number, number>>(); // addr → value → writer's step index
  const lastOwn = new Map<string, number>(); // `${tid}@${addr}` → that thread's last write step
  let memSteps = 0;
  const progs = Array.from({ length: o.threads }, (_, tid) => {
    const b = new ProgramBuilder(sites);
    for (let s = 0; s < o.steps; s++) {
      const obj = objs[rng.int(nLines)]!, k = rng.int(WORDS_PER_LINE);
      const ref: Ref = { obj, role: 'l', field: `w${k}` };
      const addr = obj.base + k * 8, p = rng.next();
      const v = (tid + 1) * 1_000_000 + s; // unique per (thread, step), never 0
      const wrote = () => {
        if (!written.has(addr)) written.set(addr, new Map());
        written.get(addr)!.set(v, s);
        lastOwn.set(`${tid}@${addr}`, s);
      };
      if (p < 0.45) b.read(ref, 'x');
      else if (p < 0.8) { b.write(ref, v); wrote(); }
      else if (p < 0.9) { b.rmw(RmwFn.Xchg, ref, v); wrote(); }
      else if (p < 0.95) b.fence();
      else b.work(rng.int(60));
      if (p < 0.9) memSteps++;
      if (rng.next() < 0.3) b.work(rng.int(20));
    }
    return { cpu: tid, program: b.halt().build() };
  });
  const m = new Machine(o.cfg, { sharedLines: arena.sharedLines(), nSites: Math.max(1, sites.sites.length), check: true });
  runThreads(m, progs, { seed: o.seed, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] });
  for (const [addr, vals] of written) {
    const v = m.load(addr), step = vals.get(v);
    if (step === undefined) throw new Error(`seed ${o.seed}: word @${addr} ends with ${v}, which no thread wrote (a store was lost)`);
    const tid = Math.floor(v / 1_000_000) - 1;
    if (lastOwn.get(`${tid}@${addr}`) !== step) throw new Error(`seed ${o.seed}: word @${addr} ends with thread ${tid}'s step ${step}, but that thread wrote it later (stores committed out of order)`);
  }
  return memSteps;
}
