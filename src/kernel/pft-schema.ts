/** The `pft` workload block (mmtests pft-threads, vma-layouts §4). */
import { z } from 'zod';
import { PLACEMENTS } from '../model/topology/placement.ts';
import { KERNEL_OBJECTS } from './shared/constants.ts';

export const PftSchema = z.strictObject({
  kind: z.literal('pft'),
  faultsPerThread: z.number().int().positive().default(150).describe('measured faults per thread per iteration (pft: one write fault per 4-KiB page of the thread\'s slice)'),
  warmupFaults: z.number().int().nonnegative().default(20).describe('faults per thread before measuring (caches warm, lock line in flight)'),
  jitter: z.number().min(0).max(0.5).default(0.05).describe('[E] ± fraction of seeded, uniform variation of the private work per fault; not measured. 0, 0.15 and 0.3 leave the Broadwell-EP headline\'s 12- and 21-thread points in the same regimes as 0.05 (README, sensitivity)'),
  streamLines: z.number().int().nonnegative().default(64).describe('lines written per fault outside the VMA: the zeroed 4-KiB page'),
  randomLines: z.number().int().nonnegative().default(24).describe('[E] other private lines per fault (struct page, page tables, per-cpu lists, memcg), drawn from a pool'),
  poolKiB: z.number().positive().default(512).describe('[E] size of that private pool per CPU'),
  clients: z.enum(['threads', 'processes']).default('threads')
    .describe('threads (pft -t, mmtests pft-threads): every client faults its slice of one shared VMA in one mm; processes (pft -n, mmtests PFT_USE_PROCESSES=yes): every client is a process with its own mm, VMA (in its own slab page, at slabSlot) and RSS counter, so nothing but the per-node LRU lock, the zone lock and the memcg counters is shared'),
  slabObjects: z.number().int().min(1).max(64).default(8).describe('objects in the modelled vm_area_struct slab around the faulting VMA'),
  lockScheme: z.enum(['mmap_lock', 'split_rwsem', 'embedded_rwsem', 'refcount']).optional().describe('override the scheme detected from the layout fields'),
  placement: z.union([z.enum(PLACEMENTS), z.array(z.number().int().nonnegative()).min(1).refine((a) => new Set(a).size === a.length, 'lists a CPU twice')],
    { error: 'expected "spread", "linux-order", "compact" or a list of CPU numbers' }).default('spread')
    .describe('where the threads run: spread (default; the scheduler with unpinned threads, as mmtests runs pft: one core each over both sockets, SMT siblings last), linux-order (thread i on CPU i), compact, or a list of CPU numbers; also an experiment axis "placement"'),
  kernelObjects: z.array(z.enum(KERNEL_OBJECTS)).default([...KERNEL_OBJECTS])
    .describe('the fault path\'s other shared kernel objects to model (lru: lruvec lru_lock per node; zone: zone->lock per node; memcg: page_counter charge; rss: the mm\'s RSS percpu_counter; ptl: the page-table lock); [] for none'),
  unmapEvery: z.number().int().positive().optional()
    .describe('will-it-scale page_fault1/2 style (needs clients: processes): after every N faults the client munmaps those N pages, which frees them: the zap reads each struct page cold (kc.lruFreeMisses), then per lruBatch folios one lruvec->lru_lock round takes them off the LRU and one memcg uncharge subtracts them; the pages stay on the freeing CPU pcp list up to kc.pcpHighMax (PCP high auto-tuning) and the next faults take them from there, and only the excess goes back under zone->lock (one round per pcpBatch pages). Absent: never, as pft (the region is unmapped after the measurement)'),
  privateWorkCycles: z.number().positive().optional().describe('override the profile\'s calibration pft.privateWorkCycles'),
  exceptionCycles: z.number().nonnegative().default(710).describe('cycles of the private work placed between one fault\'s vma_end_read and the next fault\'s lock: the return to user space and the next page-fault entry. 710 is the ring crossings measured on Haswell-EP (user→kernel 440 + kernel→user 270 cycles, [S] lastweek.io "x86 ring switch overhead", page-fault version). Taken out of the calibrated private work, so the single-thread rate does not move. Default 710, the measured crossings alone, a lower bound for the real gap (0 puts all private work under the lock; see README "What the model reproduces", item 3); also an experiment axis'),
}).refine((w) => w.unmapEvery === undefined || w.clients === 'processes', {
  path: ['unmapEvery'], message: 'needs "clients": "processes" (a thread unmapping part of the shared VMA is not modelled)',
});
export type PftBlock = z.infer<typeof PftSchema>;

/** Axis parameters the pft kind understands (experiment `axes`). */
export const PFT_PARAMS = {
  slabSlot: 'slot of the faulting VMA in its slab (decides the 128-B pair phase of a 192-B object)',
  slabOffset: 'byte offset of the slab\'s first object in its page (16-B steps)',
  objectAlign: 'override the VMA cache\'s object alignment (16 / 64)',
  lockSlot: 'slot of the VMA\'s vma_lock in the vma_lock slab (split scheme)',
  kernelObjectsOff: 'ablation: one shared kernel object to leave out (lru | zone | memcg | rss | ptl | all)',
  'kc.<name>': 'override a kernel constant of src/kernel/shared/constants.ts (sensitivity runs), e.g. "kc.lruBatch": [15, 31]',
  placement: 'thread placement (spread | linux-order | compact), overriding workload.placement',
  exceptionCycles: 'cycles between a fault\'s lock release and the next fault\'s lock, overriding workload.exceptionCycles',
} as const;
