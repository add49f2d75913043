/**
 * The shape of a point result in results.json, checked before the report reads it, so a
 * hand-edited or truncated file is one InputError with its JSON path, not a TypeError.
 * Objects are loose (extra keys pass: newer writers may add fields); every field the
 * report reads is required with its type.
 */
import { z } from 'zod';

const num = z.number();
const nums = <K extends string>(keys: readonly K[]) => z.looseObject(Object.fromEntries(keys.map((k) => [k, num])) as Record<K, typeof num>);

const COUNTERS = ['accesses', 'ops', 'cycles', 'ns', 'l1Hits', 'l2Hits', 'llcHits', 'misses', 'invalidationsSent', 'invalidationsReceived', 'hitmLocal',
  'hitmRemote', 'cleanForwards', 'dramReads', 'prefetchIssued', 'prefetchDropped', 'prefetchInvalidations', 'prefetchUselessInv', 'queueCycles', 'sfBackInvalidations'] as const;
const BREAKDOWN = ['work', 'l1', 'l2', 'llc', 'transferLocal', 'transferRemote', 'dram', 'queue', 'rmw'] as const;
const CPU = ['accesses', 'l1Hits', 'l2Hits', 'llcHits', 'misses', 'hitmLocal', 'hitmRemote', 'invalidationsReceived', 'prefetchInvalidations', 'queueCycles',
  'cpu', 'socket', 'core', 'smt'] as const;

export const MetricSpecSchema = z.looseObject({ name: z.string(), unit: z.string(), aggregate: z.enum(['hmean', 'mean']), higherIsBetter: z.boolean() });

export const PointResultSchema = z.looseObject({
  coords: z.record(z.string(), z.union([z.string(), num])),
  metrics: z.array(MetricSpecSchema),
  sites: z.array(z.looseObject({ id: num, path: z.string(), object: z.string(), field: z.string(), offset: num, size: num, access: z.enum(['read', 'write', 'rmw']) })),
  runs: z.array(z.looseObject({
    seed: num,
    metrics: z.record(z.string(), num),
    counters: nums(COUNTERS),
    breakdown: nums(BREAKDOWN),
    lines: z.array(z.looseObject({ ...nums(['addr', 'accesses', 'misses', 'hitmLocal', 'hitmRemote', 'invalidations', 'prefetchInvalidations']).shape, sites: z.array(num), cpus: z.array(num) })),
    fieldPairs: z.array(nums(['writerSite', 'victimSite', 'misses', 'viaPrefetch', 'remote'])),
    perCpu: z.array(z.looseObject({ ...nums(CPU).shape, label: z.string() })).optional(),
  })),
});
