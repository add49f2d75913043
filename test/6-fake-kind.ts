/**
 * Test helper (not a test): a tiny deterministic workload kind, 'fake', that busy-waits
 * `msPerPoint` and derives its numbers from a hash of the point spec. Registered on
 * import, so it can be loaded in tests directly or in CLI runs via LINESIM_PLUGINS.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../src/util/errors.ts';
import { registerWorkload } from '../src/workload/registry.ts';
import type { WorkloadKind } from '../src/workload/kind.ts';
import type { Counters, MetricSpec, PointResult, RunResult } from '../src/experiment/result-types.ts';
import { parseStrict } from '../src/experiment/zod-error.ts';
import { canonicalJson } from '../src/experiment/point-key.ts';

const Block = z.strictObject({
  kind: z.literal('fake'),
  msPerPoint: z.number().nonnegative().optional(),
  /** fixed CPU work per point (sha256 rounds): unlike msPerPoint's wall-clock wait, it
   *  takes longer when the CPU is shared, like a real simulation (bench:queue uses it) */
  cpuRounds: z.number().int().nonnegative().optional(),
  scenarios: z.array(z.string()).optional(),
  extraLayouts: z.array(z.string()).optional(),
  /** simulate() throws an InputError at this thread count (user error found late) */
  failThreads: z.number().optional(),
  /** simulate() throws a plain Error (a bug) at this thread count */
  bugThreads: z.number().optional(),
});

/** Number of simulate() calls in this thread (tests count them to check resume). */
export const fakeCalls = { n: 0 };

const METRICS: MetricSpec[] = [
  { name: 'ops_per_s', unit: 'ops/s', aggregate: 'hmean', higherIsBetter: true },
  { name: 'latency_ns', unit: 'ns', aggregate: 'mean', higherIsBetter: false },
];

function rand(seed: string): () => number {
  let h = createHash('sha256').update(seed).digest();
  let i = 0;
  return () => {
    if (i + 4 > h.length) {
      h = createHash('sha256').update(h).digest();
      i = 0;
    }
    const v = h.readUInt32LE(i);
    i += 4;
    return v / 2 ** 32;
  };
}

function counters(r: () => number): Counters {
  const n = () => Math.floor(r() * 1000);
  return {
    accesses: n(), ops: n(), cycles: n() * 7, ns: n() * 3, l1Hits: n(), l2Hits: n(), llcHits: n(), misses: n(),
    invalidationsSent: n(), invalidationsReceived: n(), hitmLocal: n(), hitmRemote: n(), cleanForwards: n(),
    dramReads: n(), prefetchIssued: n(), prefetchDropped: n(), prefetchInvalidations: n(), prefetchUselessInv: n(),
    queueCycles: n(), sfBackInvalidations: 0,
  };
}

export const fakeKind: WorkloadKind = {
  name: 'fake',
  summary: 'test-only deterministic workload',
  validate(block, source, prefix) {
    parseStrict(Block, block, source, [prefix]);
  },
  metrics: () => METRICS,
  scenarios: (block) => (block as z.infer<typeof Block>).scenarios ?? [],
  extraLayouts: (block) => (block as z.infer<typeof Block>).extraLayouts ?? [],
  simulate(spec): PointResult {
    fakeCalls.n++;
    const block = spec.workload as z.infer<typeof Block>;
    if (block.bugThreads === spec.threads) throw new Error('simulated bug');
    if (block.failThreads === spec.threads) throw new InputError('fake.json', 'workload.failThreads', `no ${spec.threads}-thread runs`);
    const until = performance.now() + (block.msPerPoint ?? 0);
    while (performance.now() < until) {
      /* busy: a point that takes time, like a real simulation */
    }
    let h = Buffer.alloc(32);
    for (let i = 0; i < (block.cpuRounds ?? 0); i++) h = createHash('sha256').update(h).digest();
    const base = canonicalJson({ ...spec, check: undefined });
    const runs: RunResult[] = [];
    for (let it = 0; it < spec.iterations; it++) {
      const r = rand(`${base}#${spec.seed + it}`);
      runs.push({
        seed: spec.seed + it,
        metrics: { ops_per_s: 1e6 * (1 + r()) / spec.threads, latency_ns: 100 * (1 + r()) },
        counters: counters(r),
        breakdown: { work: 1, l1: 2, l2: 3, llc: 4, transferLocal: 5, transferRemote: 6, dram: 7, queue: 8, rmw: 9 },
        lines: [],
        fieldPairs: [],
      });
    }
    return { key: 'set-by-runner', coords: {}, metrics: METRICS, sites: [], runs };
  },
};

registerWorkload(fakeKind);
