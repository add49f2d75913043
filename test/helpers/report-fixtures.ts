/**
 * Synthetic results for report tests: realistic PointResult shapes with numbers computed
 * from a simple closed-form model plus deterministic noise (an LCG), not hand-typed.
 */
import type { CycleBreakdown, Counters, FieldPairStat, LineStat, MetricSpec, PointResult, RunResult, SiteInfo } from '../../src/model/result-types.ts';
import type { ResultsFile, PublishedEntry } from '../../src/report/results-file.ts';

/** Deterministic uniform noise in [-1, 1). */
export function lcg(seed: number): () => number {
  let s = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0 || 1; // scramble: nearby seeds must not give correlated noise
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  };
}

export const PFT_METRICS: MetricSpec[] = [
  { name: 'faults_per_cpu', unit: 'faults/s', aggregate: 'hmean', higherIsBetter: true },
  { name: 'faults_per_sec', unit: 'faults/s', aggregate: 'hmean', higherIsBetter: true },
];

/** Sites of a pft fault path on a VMA; the lock field differs per layout. */
export function pftSites(layout: string): SiteInfo[] {
  const lock = layout === 'd'
    ? { object: 'vma', field: 'vm_refcnt', offset: 128, size: 4 }
    : layout === 'c_rfc'
      ? { object: 'vma', field: 'vm_lock.count', offset: 192, size: 8 }
      : { object: 'vma_lock', field: 'lock.count', offset: 0, size: 8 };
  return [
    { id: 0, path: 'vma_start_read', ...lock, access: 'rmw' },
    { id: 1, path: 'lock_vma_under_rcu', object: 'vma', field: 'vm_start', offset: 0, size: 8, access: 'read' },
    { id: 2, path: 'handle_mm_fault', object: 'vma', field: 'vm_flags', offset: 32, size: 8, access: 'read' },
    { id: 3, path: 'do_anonymous_page', object: 'vma', field: layout === 'c_rfc' ? 'vm_file' : 'vm_private_data', offset: 128, size: 8, access: 'read' },
    { id: 4, path: 'vma_end_read', ...lock, access: 'rmw' },
    { id: 5, path: 'do_anonymous_page', object: 'mm', field: '+640', offset: 640, size: 8, access: 'rmw' },
  ];
}

/** How much each layout loses per extra thread (a made-up but monotone model). */
function slowdown(layout: string, prefetch: string, threads: number): number {
  const k = layout === 'c_rfc' ? (prefetch === 'on' ? 0.07 : 0.052) : layout === 'd' ? 0.042 : 0.05;
  return 1 + k * (threads - 1);
}

function run(point: { layout: string; prefetch: string; threads: number }, seed: number): RunResult {
  const rnd = lcg(seed);
  const noise = () => 1 + 0.004 * rnd();
  const perCpu = (470000 / slowdown(point.layout, point.prefetch, point.threads)) * noise();
  const ops = 2000 * point.threads;
  const cycles = Math.round((ops / perCpu) * 2.6e9);
  const remote = point.threads > 14 ? 0.5 : 0;
  const hitm = Math.round(ops * 2 * (1 - 1 / point.threads));
  const pfInv = point.prefetch === 'on' && point.layout !== 'b2' ? Math.round(hitm * 0.3) : 0;
  const counters: Counters = {
    accesses: ops * 80, ops, cycles, ns: Math.round(cycles / 2.6), l1Hits: ops * 60, l2Hits: ops * 10, llcHits: ops * 5,
    misses: ops * 5 + hitm, invalidationsSent: hitm, invalidationsReceived: hitm, hitmLocal: Math.round(hitm * (1 - remote)),
    hitmRemote: Math.round(hitm * remote), cleanForwards: ops, dramReads: ops * 2, prefetchIssued: ops * 3,
    prefetchDropped: 0, prefetchInvalidations: pfInv, prefetchUselessInv: Math.round(pfInv / 2), queueCycles: Math.round(cycles * 0.1), sfBackInvalidations: 0,
  };
  const breakdown: CycleBreakdown = {
    work: Math.round(cycles * 0.5), l1: Math.round(cycles * 0.05), l2: Math.round(cycles * 0.05), llc: Math.round(cycles * 0.05),
    transferLocal: Math.round(cycles * 0.15 * (1 - remote)), transferRemote: Math.round(cycles * 0.15 * remote),
    dram: Math.round(cycles * 0.05), queue: Math.round(cycles * 0.1), rmw: Math.round(cycles * 0.05),
  };
  const cpus = Array.from({ length: point.threads }, (_, i) => (i < 28 ? i : i + 0));
  const lockAddr = point.layout === 'b2' ? 0x10040 : point.layout === 'd' ? 0x10080 : 0x100c0;
  const lines: LineStat[] = [
    { addr: lockAddr, accesses: ops * 2, misses: hitm, hitmLocal: counters.hitmLocal, hitmRemote: counters.hitmRemote,
      invalidations: hitm, prefetchInvalidations: 0, sites: [0, 4], cpus },
    { addr: 0x10080 + (point.layout === 'd' ? 0x40 : 0), accesses: ops, misses: pfInv + ops / 100, hitmLocal: 0, hitmRemote: 0,
      invalidations: pfInv, prefetchInvalidations: pfInv, sites: [3], cpus },
    { addr: 0x10000, accesses: ops * 2, misses: 3, hitmLocal: 0, hitmRemote: 0, invalidations: 0, prefetchInvalidations: 0, sites: [1, 2], cpus },
  ];
  const fieldPairs: FieldPairStat[] = [
    { writerSite: 0, victimSite: 0, misses: Math.round(hitm * 0.6), viaPrefetch: 0, remote: Math.round(hitm * 0.6 * remote) },
    { writerSite: 4, victimSite: 0, misses: Math.round(hitm * 0.4), viaPrefetch: 0, remote: Math.round(hitm * 0.4 * remote) },
    { writerSite: 0, victimSite: 3, misses: pfInv, viaPrefetch: pfInv, remote: Math.round(pfInv * remote) },
    { writerSite: 5, victimSite: 5, misses: Math.round(ops * 0.1), viaPrefetch: 0, remote: 0 },
  ];
  return { seed, metrics: { faults_per_cpu: perCpu, faults_per_sec: perCpu * point.threads * 0.97 }, counters, breakdown, lines, fieldPairs };
}

export const RFC_PUBLISHED: PublishedEntry = {
  source: 'Suren, CAJuCfpH36sX…, 2024-08-09', baseline: 'b2', candidate: 'c_rfc', profile: 'broadwell', prefetch: 'on',
  metric: 'faults/cpu', threads: { '1': 0.39, '4': -0.77, '12': -14.95, '56': -10.53 },
};

export function pftResults(opts: { iterations?: number; threads?: number[]; layouts?: string[]; prefetch?: string[] } = {}): ResultsFile {
  const iterations = opts.iterations ?? 5;
  const threads = opts.threads ?? [1, 4, 12, 56];
  const layouts = opts.layouts ?? ['b2', 'c_rfc', 'd'];
  const prefetch = opts.prefetch ?? ['on', 'off'];
  const points: PointResult[] = [];
  let seed = 1;
  for (const layout of layouts) for (const pf of prefetch) for (const t of threads) {
    const coords = { layout, profile: 'broadwell', prefetch: pf, threads: t };
    points.push({ key: `k${seed}`, coords, metrics: PFT_METRICS, sites: pftSites(layout),
      runs: Array.from({ length: iterations }, () => run({ layout, prefetch: pf, threads: t }, seed++ * 7919)) });
  }
  return {
    experiment: {
      name: 'pft-vma-layouts', description: 'pft-threads on a modelled 2-socket Broadwell: split lock vs embedded rwsem vs refcount',
      workload: { kind: 'pft', pagesPerThread: 2000 }, layouts, baseline: 'b2', profiles: ['broadwell'], prefetch, threads,
      iterations, seed: 42, published: [RFC_PUBLISHED],
    },
    points,
  };
}

export const MICRO_METRICS: MetricSpec[] = [
  { name: 'ops_per_s', unit: 'ops/s', aggregate: 'hmean', higherIsBetter: true },
  { name: 'ns_per_op', unit: 'ns', aggregate: 'mean', higherIsBetter: false },
];

/** A microbenchmark result: no layout axis, a `scenario` axis. */
export function microResults(iterations = 3): ResultsFile {
  const points: PointResult[] = [];
  const base: Record<string, number> = { 'same-line': 95, 'same-pair': 40, 'diff-pair': 12 };
  let seed = 5;
  for (const scenario of Object.keys(base)) for (const pf of ['on', 'off']) {
    const runs: RunResult[] = Array.from({ length: iterations }, () => {
      const r = run({ layout: 'b2', prefetch: pf, threads: 2 }, seed++);
      const ns = base[scenario] * (pf === 'on' && scenario === 'same-pair' ? 1.6 : 1) * (1 + 0.01 * lcg(seed)());
      return { ...r, metrics: { ns_per_op: ns, ops_per_s: 1e9 / ns } };
    });
    points.push({ key: `m${seed}`, coords: { layout: 'padded', profile: 'broadwell', prefetch: pf, threads: 2, scenario },
      metrics: MICRO_METRICS, sites: pftSites('b2'), runs });
  }
  return {
    experiment: { name: 'pair-microbench', description: 'two threads on the same line, the same 128-B pair, different pairs',
      workload: { kind: 'microbench' }, layouts: [], profiles: ['broadwell'], prefetch: ['on', 'off'], threads: [2], iterations, seed: 1 },
    points,
  };
}
