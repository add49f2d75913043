/** The `spf` workload block: spf_test-like stress (model-notes §3): faulters beside mmap/munmap/mprotect writers. */
import { z } from 'zod';
import { PLACEMENTS } from '../model/topology/placement.ts';

export const SpfSchema = z.strictObject({
  kind: z.literal('spf'),
  writers: z.number().min(0).default(1).describe('writer threads: an integer count, or a fraction in (0,1) of the point\'s threads (at least 1); the rest fault. Writers are the last threads in placement order'),
  writeFaultingVmaEvery: z.number().int().min(0).default(4).describe('every Nth writer operation mprotects the faulting VMA itself (0 = never), which makes faulters\' fast paths fail and fall back to mmap_lock'),
  neighbours: z.number().int().min(1).max(8).default(2).describe('nearest slab slots around slabSlot that writers mprotect/munmap/re-mmap (each writer owns a disjoint subset; raised to the writer count)'),
  writerWorkCycles: z.number().nonnegative().default(2000).describe('[E] private work per writer operation (syscall entry, maple-tree update, page-table teardown), cycles'),
  waitCycles: z.number().positive().default(200).describe('[E] cycles per retry while a lock is contended (rwsem slow path / rcuwait), coarse'),
  faultsPerThread: z.number().int().positive().default(150).describe('measured faults per faulting thread per iteration'),
  warmupFaults: z.number().int().nonnegative().default(20).describe('faults (and writer operations) per thread before measuring'),
  jitter: z.number().min(0).max(0.5).default(0.05).describe('[E] ± fraction of seeded, uniform variation of private work; not measured'),
  streamLines: z.number().int().nonnegative().default(64).describe('lines written per fault outside the VMA: the zeroed 4-KiB page'),
  randomLines: z.number().int().nonnegative().default(24).describe('[E] other private lines per fault, drawn from a pool'),
  poolKiB: z.number().positive().default(512).describe('[E] size of that private pool per CPU'),
  slabObjects: z.number().int().min(1).max(64).default(8).describe('objects in the modelled vm_area_struct slab around the faulting VMA'),
  lockScheme: z.enum(['mmap_lock', 'split_rwsem', 'embedded_rwsem', 'refcount']).optional().describe('override the scheme detected from the layout fields'),
  placement: z.union([z.enum(PLACEMENTS), z.array(z.number().int().nonnegative()).min(1).refine((a) => new Set(a).size === a.length, 'lists a CPU twice')],
    { error: 'expected "linux-order", "spread", "compact" or a list of CPU numbers' }).default('linux-order').describe('thread pinning order'),
  privateWorkCycles: z.number().positive().optional().describe('override the profile\'s calibration pft.privateWorkCycles (per-fault private work)'),
}).refine((w) => Number.isInteger(w.writers) || w.writers < 1, { message: 'writers must be an integer count or a fraction below 1', path: ['writers'] });
export type SpfBlock = z.infer<typeof SpfSchema>;
