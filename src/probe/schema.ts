/**
 * probe.json, as written by `linesim probe` and read by `linesim validate` and
 * `--profile-out`. Every measurement keeps its raw repetitions next to the median and
 * the spread ((max − min) / median), so a reader can judge the noise.
 */
import { z } from 'zod';

export const StatSchema = z.strictObject({
  raw: z.array(z.number()),
  median: z.number(),
  min: z.number(),
  max: z.number(),
  spread: z.number(),
});
export type Stat = z.infer<typeof StatSchema>;

const CpuTopo = z.strictObject({ cpu: z.number().int(), core: z.number().int(), pkg: z.number().int(), siblings: z.array(z.number().int()), llc: z.number().int() });
const Cache = z.strictObject({ level: z.number().int(), type: z.string(), kib: z.number(), sharedCpus: z.array(z.number().int()) });

export const C2cCategory = z.enum(['smt', 'same-llc', 'other-llc', 'other-socket']);
export type C2cCategoryT = z.infer<typeof C2cCategory>;
export const OpSchema = z.enum(['lockadd', 'add', 'store']);
export type ProbeOp = z.infer<typeof OpSchema>;
export const Placement = z.enum(['same-line', 'same-pair', 'other-pair']);
export type PlacementT = z.infer<typeof Placement>;

export const ProbeSchema = z.strictObject({
  format: z.literal('linesim-probe/1'),
  date: z.string(),
  mode: z.enum(['quick', 'full']),
  wallSeconds: z.number(),
  compiler: z.string(),
  machine: z.strictObject({
    modelName: z.string(), vendor: z.string(), family: z.number().nullable(), model: z.number().nullable(),
    stepping: z.number().nullable(), hypervisor: z.boolean(), cpus: z.array(CpuTopo), caches: z.array(Cache),
    kernel: z.string(), missing: z.array(z.string()),
  }),
  /** CPUs the benchmarks ran on (online ∩ allowed ∩ --cpus) */
  cpusUsed: z.array(z.number().int()),
  measurements: z.strictObject({
    /** core clock from dependent adds, GHz */
    freq: z.strictObject({ coreGHz: StatSchema, tscGHz: z.number().nullable() }).nullable(),
    /** CAS ping-pong one-way latency, ns, per CPU pair */
    pingpong: z.array(z.strictObject({ a: z.number().int(), b: z.number().int(), category: C2cCategory, pinned: z.boolean(), oneWayNs: StatSchema })),
    /** locked add on one core, ns per operation */
    rmw: z.strictObject({ cpu: z.number().int(), nsPerOp: StatSchema }).nullable(),
    /** pointer-chase load-to-use latency by working set */
    latency: z.array(z.strictObject({ kib: z.number(), ns: StatSchema })),
    /** N threads, op on own word, words `stride` bytes apart; per-thread ops per second of
     *  that thread's CPU time (a descheduled thread does not look slow). cpuShare: each
     *  thread's CPU time / wall time; below 1 the threads did not all run the whole time,
     *  so they contended less than the shape intends */
    contention: z.array(z.strictObject({ op: OpSchema, stride: z.number().int(), threads: z.number().int(), pinned: z.boolean(), perThreadOpsPerSec: StatSchema, cpuShare: StatSchema })),
    /** one lock-add writer, R readers of the word at writer+roff; ops per CPU-second per thread */
    writerReaders: z.array(z.strictObject({ placement: Placement, roff: z.number().int(), readers: z.number().int(), pinned: z.boolean(), writerOpsPerSec: StatSchema, readerOpsPerSec: StatSchema, cpuShare: StatSchema })),
    /** ns per iteration (two independent misses with K stores after each) by K */
    storeBuffer: z.array(z.strictObject({ k: z.number().int(), nsPerIter: StatSchema })),
  }),
  notMeasured: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type Probe = z.infer<typeof ProbeSchema>;

export function stat(raw: number[]): Stat {
  const s = [...raw].filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return { raw, median: NaN, min: NaN, max: NaN, spread: NaN };
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  const r = (x: number) => Number(x.toPrecision(6));
  return { raw: raw.map(r), median: r(median), min: r(s[0]!), max: r(s[s.length - 1]!), spread: r(median > 0 ? (s[s.length - 1]! - s[0]!) / median : 0) };
}
