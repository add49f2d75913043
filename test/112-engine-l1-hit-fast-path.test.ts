/**
 * SCENARIO: the L1 fast path of Machine.accessIfHit (a hit the protocol table says keeps
 * the state) gives exactly what the general path gives.
 * GIVEN seeded random programs of reads, stores and locked RMWs (with work between) on
 * six fields in three lines, two of them one 128-B pair, run by 12 threads on CPUs that
 * share a core (SMT), a socket, or neither, on two profiles and prefetch settings,
 * WHEN the same run is made unchecked (fast path on) and checked (every access through
 * sharedAccess, with SWMR and data-value asserted after each),
 * THEN every global, per-CPU, per-line and per-field-pair number and every thread's end
 * clock are identical.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import { Rng } from '../src/util/rng.ts';
import { Arena } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { Cond, RmwFn } from '../src/workload/ir.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { profileConfig } from './helpers/machine.ts';

const FIELDS = [0, 8, 64, 72, 128, 136];

function simulate(profile: string, prefetch: string, check: boolean) {
  const cfg = profileConfig(profile, prefetch);
  const arena = new Arena(cfg.lineBytes);
  const layout = {
    name: 'obj', size: 192, objectAlign: 128, typesafeByRcu: false,
    fields: FIELDS.map((o) => ({ name: `f${o}`, offset: o, size: 8 })),
  };
  const obj = arena.single('obj', layout, 128);
  const sites = new SiteTable();
  const m0 = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: 1 });
  const nCores = m0.topo.nCores, nCpus = m0.topo.nCpus;
  // CPUs 0, 1 (same socket), their SMT siblings, and the first cores of the other socket
  const half = nCores / cfg.sockets;
  const cpus = [0, 1, 2, nCores, nCores + 1, half, half + 1, half + 2, nCores + half, 3, 4, 5].map((c) => c % nCpus);
  const progs = cpus.map((_, me) => {
    const rng = new Rng(100 + me);
    const b = new ProgramBuilder(sites).inPath(`t${me}`);
    b.set('i', 0).label('loop');
    for (let k = 0; k < 12; k++) {
      const f = { obj, role: 'obj', field: `f${FIELDS[rng.int(FIELDS.length)]}` };
      const kind = rng.int(6);
      if (kind < 3) b.read(f);
      else if (kind === 3) b.write(f, k);
      else b.rmw(RmwFn.Add, f, 1);
      if (rng.int(3) === 0) b.work(20 + rng.int(100));
    }
    b.done().add('i', 1).br('i', Cond.Lt, 150, 'loop').halt();
    return b.build();
  });
  const m = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: sites.sites.length, check });
  const res = runThreads(m, progs.map((program, i) => ({ cpu: cpus[i]!, program })), {
    seed: 5, warmupOps: 0, smtWorkFactor: cfg.smtWorkFactor,
    siblingsOf: (cpu) => [(cpu + nCores) % nCpus],
  });
  return {
    counters: { ...m.stats.c }, cycles: { ...m.stats.cyc },
    perCpu: cpus.map((cpu) => m.stats.cpuCounters(cpu, m.topo.coreOfCpu[cpu]!)),
    lines: m.stats.lines(cfg.lineBytes), pairs: m.stats.fieldPairs(), ends: res.map((r) => r.tEnd),
  };
}

describe('112 L1 hit fast path', () => {
  for (const [profile, prefetch] of [['broadwell-ep', 'mirror-drop'], ['skylake-sp', 'read-steal'], ['zen3-epyc', 'on']] as const) {
    it(`GIVEN ${profile} ${prefetch} WHEN a random 12-thread run is made unchecked and checked THEN every number is identical`, () => {
      const fast = simulate(profile, prefetch, false), general = simulate(profile, prefetch, true);
      expect(fast.counters.l1Hits).toBeGreaterThan(fast.counters.accesses / 4); // the fast path's case is common here
      expect(fast.counters.misses).toBeGreaterThan(500); // and contention is real
      expect(fast).toEqual(general);
    });
  }
});

describe('112 thread placement', () => {
  it('GIVEN a thread on a CPU the machine does not have WHEN the runner starts THEN it refuses, naming the CPU', () => {
    const cfg = profileConfig('broadwell-ep', 'off');
    const m = new Machine(cfg, { sharedLines: 1, nSites: 0 });
    const program = new ProgramBuilder(new SiteTable()).inPath('p').build();
    const opts = { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] };
    for (const cpu of [NaN, -1, 56, 1.5]) {
      expect(() => runThreads(m, [{ cpu, program }], opts)).toThrow(new RegExp(`thread 0: CPU ${cpu} is not one of the machine's CPUs 0\\.\\.55`));
    }
    expect(() => runThreads(m, [{ cpu: 55, program }], opts)).not.toThrow();
  });
});
