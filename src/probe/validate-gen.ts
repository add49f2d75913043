/**
 * The probe's microbenchmark shapes as a program-workload experiment, so `linesim
 * validate` can run them through the model. Until the program workload has
 * thread-indexed references and a fixed-duration mode (issue 12), every thread is its
 * own role with an explicit offset and a fixed iteration count, and per-thread rates
 * are computed from the scenario's ns_per_op (wall ns / all threads' operations).
 * Keep this the only module that knows how a shape becomes a program.
 */
import type { ProfileData } from '../profile/index.ts';
import { fitProbe } from './fit.ts';
import type { Probe, ProbeOp } from './schema.ts';

export const ITERATIONS = 1000;

/** One measured case and how to read the model's answer for it. */
export interface ModelCase {
  shape: string;
  name: string;
  /** scenario name in the generated experiment, or null when the model value is a profile constant */
  scenario: string | null;
  threads: number;
  /** measured ns per operation per thread (or one-way ns for c2c) */
  measuredNs: number;
  /** model ns per operation per thread = ns_per_op × perThreadFactor */
  perThreadFactor: number;
  /** for constants: the profile's value in ns */
  constantNs?: number;
  note?: string;
}

type Step = Record<string, unknown>;
const opSteps = (op: ProbeOp, ref: string, path: string): Step[] =>
  op === 'lockadd' ? [{ rmw: 'add', at: ref, value: 1, path }]
    : op === 'add' ? [{ read: ref, into: 'v', path }, { add: 'v', value: 1 }, { write: ref, value: 'v', path }]
      : [{ write: ref, value: 1, path }];
const loop = (body: Step[], done: boolean): Step[] => [{ repeat: ITERATIONS, body: done ? [...body, { done: true }] : body }];
const cpu = (i: number) => `s0c${i}`;

/** CPU labels for a c2c pair category on this profile, or null if the profile has no such pair. */
function pairCpus(cat: string, d: ProfileData): [string, string] | null {
  if (cat === 'same-llc') return d.coresPerSocket.v >= 2 ? ['s0c0', 's0c1'] : null;
  if (cat === 'smt') return d.smt.v >= 2 ? ['s0c0t0', 's0c0t1'] : null;
  if (cat === 'other-llc') return d.coresPerCcx && d.coresPerSocket.v > d.coresPerCcx.v ? ['s0c0', `s0c${d.coresPerCcx.v}`] : null;
  if (cat === 'other-socket') return d.sockets.v >= 2 ? ['s0c0', 's1c0'] : null;
  return null;
}

export interface Generated { experiment: Record<string, unknown>; cases: ModelCase[] }

export function generateValidation(p: Probe, profileRef: string, d: ProfileData): Generated {
  const f = fitProbe(p);
  const m = p.measurements;
  const scenarios: Array<{ name: string; threads: number; roles: Step[]; warmup: number }> = [];
  const cases: ModelCase[] = [];
  const maxThreads = d.sockets.v * d.coresPerSocket.v;

  for (const [cat, ns] of Object.entries(f.c2cNs)) {
    const cpus = pairCpus(cat, d);
    if (!cpus) { cases.push({ shape: 'c2c latency', name: cat, scenario: null, threads: 2, measuredNs: ns, perThreadFactor: 1, note: 'no such CPU pair in the profile' }); continue; }
    const name = `c2c-${cat}`;
    const pp = (me: number) => [{ set: 'other', value: 1 - me }, { repeat: ITERATIONS, body: [
      { until: { reg: 'old', eq: '$tid' }, body: [{ cas: 'flag+0:8', expect: '$tid', new: 'other', into: 'old', path: 'pingpong' }] }, { done: true }] }];
    scenarios.push({ name, threads: 2, warmup: 100, roles: [0, 1].map((i) => ({ name: `side${i}`, count: 1, cpus: [cpus[i]!], program: pp(i) })) });
    cases.push({ shape: 'c2c latency', name: `CAS ping-pong one-way, ${cat}`, scenario: name, threads: 2, measuredNs: ns, perThreadFactor: 1 });
  }
  if (f.rmwNs !== null) {
    scenarios.push({ name: 'rmw-one-core', threads: 1, warmup: 100, roles: [{ count: 1, cpus: ['s0c0'], program: loop(opSteps('lockadd', 'blk+0:8', 'lockadd'), true) }] });
    cases.push({ shape: 'locked RMW', name: 'lock add, one core', scenario: 'rmw-one-core', threads: 1, measuredNs: f.rmwNs, perThreadFactor: 1 });
  }
  for (const c of m.contention) {
    if (c.threads > maxThreads || c.threads > d.coresPerSocket.v) continue;
    const name = `${c.op}-x${c.threads}-stride${c.stride}`;
    const roles = Array.from({ length: c.threads }, (_, i) => ({ name: `t${i}`, count: 1, cpus: [cpu(i)], program: loop(opSteps(c.op, `blk+${i * c.stride}:8`, c.op), true) }));
    scenarios.push({ name, threads: c.threads, warmup: 100, roles });
    cases.push({ shape: `contention: ${c.op}`, name: `${c.threads} threads, stride ${c.stride}`, scenario: name, threads: c.threads, measuredNs: 1e9 / c.perThreadOpsPerSec.median, perThreadFactor: c.threads });
  }
  for (const w of m.writerReaders) {
    const n = w.readers + 1;
    if (n > d.coresPerSocket.v) continue;
    for (const who of ['writer', 'readers'] as const) {
      const name = `wr-${w.placement}-r${w.readers}-${who}`;
      const roles = [
        { name: 'writer', count: 1, cpus: [cpu(0)], program: loop(opSteps('lockadd', 'blk+0:8', 'writer'), who === 'writer') },
        { name: 'reader', count: w.readers, cpus: Array.from({ length: w.readers }, (_, i) => cpu(i + 1)), program: loop([{ read: `blk+${w.roff}:8`, into: 'v', path: 'reader' }], who === 'readers') },
      ];
      scenarios.push({ name, threads: n, warmup: 100, roles });
      const measured = who === 'writer' ? w.writerOpsPerSec.median : w.readerOpsPerSec.median;
      cases.push({ shape: `writer + readers (${who === 'writer' ? 'writer rate' : 'reader rate'})`, name: `${w.readers} reader(s), ${w.placement}`, scenario: name, threads: n,
        measuredNs: 1e9 / measured, perThreadFactor: who === 'writer' ? 1 : w.readers });
    }
  }
  // Latencies: the model charges the profile's numbers per access; compared as constants.
  const g = d.freqGHz.v;
  const consts: Array<[string, number | undefined, number | undefined]> = [
    ['L1', f.latency.l1?.ns, d.l1d.latCycles.v / g], ['L2', f.latency.l2?.ns, d.l2.latCycles.v / g],
    ['LLC', f.latency.llc?.ns, d.llc.latNs ? d.llc.latNs.v : d.llc.latCycles ? d.llc.latCycles.v / g : undefined],
    ['DRAM', f.latency.dram?.ns, d.dramNs.local.v],
  ];
  for (const [lvl, meas, model] of consts) {
    if (meas === undefined) continue;
    cases.push({ shape: 'load-to-use latency', name: lvl, scenario: null, threads: 1, measuredNs: meas, perThreadFactor: 1, constantNs: model, note: 'profile constant (the model charges it per access)' });
  }
  if (f.storeBufferDepth !== null) {
    // entries, not ns: the ratio column still reads model / measured
    cases.push({ shape: 'store buffer', name: 'depth (entries)', scenario: null, threads: 1, measuredNs: f.storeBufferDepth, perThreadFactor: 1,
      constantNs: d.storeBuffer ? d.storeBuffer.entries.v : undefined, note: d.storeBuffer ? 'entries, profile constant' : 'entries; the profile has no store buffer' });
  }
  const threads = [...new Set(scenarios.map((s) => s.threads))].sort((a, b) => a - b);
  const experiment = {
    name: 'probe-validate',
    description: `The shapes of probe ${p.date} (${p.machine.modelName}) run through the model; generated by linesim validate.`,
    workload: {
      kind: 'program',
      objects: { flag: { size: 64, align: 128 }, blk: { size: Math.max(256, ...m.contention.map((c) => c.threads * c.stride + 64)), align: 128 } },
      scenarios: scenarios.map(({ name, roles, warmup }) => ({ name, warmup, roles })),
    },
    profiles: [profileRef],
    prefetch: ['on'],
    threads,
    exclude: scenarios.flatMap((s) => threads.filter((t) => t !== s.threads).map((t) => ({ scenario: s.name, threads: t }))),
    iterations: 1,
    seed: 1,
  };
  return { experiment, cases };
}
