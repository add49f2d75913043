/** The `pft` workload block (mmtests pft-threads, vma-layouts §4). */
import { z } from 'zod';

export const PftSchema = z.strictObject({
  kind: z.literal('pft'),
  faultsPerThread: z.number().int().positive().default(150).describe('measured faults per thread per iteration (pft: one write fault per 4-KiB page of the thread\'s slice)'),
  warmupFaults: z.number().int().nonnegative().default(20).describe('faults per thread before measuring (caches warm, lock line in flight)'),
  jitter: z.number().min(0).max(0.5).default(0.05).describe('± fraction of seeded variation of the private work per fault (run-to-run spread)'),
  streamLines: z.number().int().nonnegative().default(64).describe('lines written per fault outside the VMA: the zeroed 4-KiB page'),
  randomLines: z.number().int().nonnegative().default(24).describe('[E] other private lines per fault (struct page, page tables, per-cpu lists, memcg), drawn from a pool'),
  poolKiB: z.number().positive().default(512).describe('[E] size of that private pool per CPU'),
  slabObjects: z.number().int().min(1).max(64).default(8).describe('objects in the modelled vm_area_struct slab around the faulting VMA'),
  lockScheme: z.enum(['mmap_lock', 'split_rwsem', 'embedded_rwsem', 'refcount']).optional().describe('override the scheme detected from the layout fields'),
  placement: z.enum(['kernel', 'compact', 'scatter']).default('kernel').describe('thread pinning order (kernel: socket 0 cores, socket 1 cores, then SMT siblings)'),
  privateWorkCycles: z.number().positive().optional().describe('override the profile\'s calibration pft.privateWorkCycles'),
});
export type PftBlock = z.infer<typeof PftSchema>;

/** Axis parameters the pft kind understands (experiment `axes`). */
export const PFT_PARAMS = {
  slabSlot: 'slot of the faulting VMA in its slab (decides the 128-B pair phase of a 192-B object)',
  slabOffset: 'byte offset of the slab\'s first object in its page (16-B steps)',
  objectAlign: 'override the VMA cache\'s object alignment (16 / 64)',
  lockSlot: 'slot of the VMA\'s vma_lock in the vma_lock slab (split scheme)',
} as const;
