/**
 * Constants of the fault path's other shared kernel objects (issue 13;
 * ../shared/domain/mechanisms.md §4). One set for every layout, profile and thread count.
 * Tags: [S] stated in the source, [M] computed from a source, [E] estimate.
 * Each can be overridden for a sensitivity run by the experiment axis `kc.<name>`.
 */
export interface KernelConstant { v: number; src: string }

export const KERNEL_CONSTANTS = {
  lruBatch: {
    v: 31,
    src: '[S] include/linux/pagevec.h: "#define PAGEVEC_SIZE 31" (folios per per-CPU LRU batch; raised from 15 in 2024, the LKP page_fault2 report of 2024-03-15 measured the change). Both published pft runs (Aug 2024, v6.15) use kernels with 31 [I]',
  },
  lruFolioCycles: {
    v: 40,
    src: '[E] instructions per folio inside lruvec->lru_lock besides its memory accesses (folio_batch_move_lru → lruvec_add_folio: flag tests, list_add, lru-size update): a few dozen instructions',
  },
  lruFreeMisses: {
    v: 1,
    src: '[E] dependent DRAM misses per folio when an unmap frees it (unmapEvery), taken under lru_lock by lruvec_del_folio: its struct page was last touched when the page was faulted, a whole region earlier (will-it-scale maps 128 MiB, 2 MiB of struct pages per process, beyond the caches); the neighbours list_del writes are its own batch\'s folios, and the buddy allocator then finds the struct page warm',
  },
  pcpBatch: {
    v: 63,
    src: '[S] zone pcp batch 63 on large zones, "mm, page_alloc: double zone\'s batchsize" (Aaron Lu 2018, commit d8a759b57035): pages taken from the buddy lists per zone->lock round',
  },
  zonePageCycles: {
    v: 20,
    src: '[E] instructions per page inside zone->lock (__rmqueue_smallest: list_del, order bookkeeping) besides the struct page miss',
  },
  zonePageMisses: {
    v: 1,
    src: '[S] Aaron Lu: "the most time consuming part of operations under zone->lock is cache misses on struct page" — one dependent DRAM miss per page taken off the free list (a linked-list walk: no overlap)',
  },
  memcgBatch: {
    v: 64,
    src: '[S] MEMCG_CHARGE_BATCH = 64 pages of per-CPU stock per refill (Shakeel Butt, "memcg: increase MEMCG_CHARGE_BATCH to 64", 2022)',
  },
  memcgLevels: {
    v: 2,
    src: '[E] page_counter levels charged per refill (the benchmark\'s cgroup and its parent slice; the root is not charged)',
  },
  rssBatchMin: {
    v: 32,
    src: '[S] percpu_counter_batch = max(32, 2·nr_cpus) (lib/percpu_counter.c compute_batch_value; Michal Koutný on the mm rss_stat conversion, commit f1a7941243c1)',
  },
} as const satisfies Record<string, KernelConstant>;

export type KernelConstantName = keyof typeof KERNEL_CONSTANTS;
export const KERNEL_CONSTANT_NAMES = Object.keys(KERNEL_CONSTANTS) as KernelConstantName[];

/** The shared objects, each switchable for ablation (workload.kernelObjects / axis `kernelObjectsOff`). */
export const KERNEL_OBJECTS = ['lru', 'zone', 'memcg', 'rss', 'ptl'] as const;
export type KernelObjectName = (typeof KERNEL_OBJECTS)[number];

/** Resolve the constants with `kc.<name>` axis overrides (already checked by preflight). */
export function kernelConstants(params: Record<string, string | number>): Record<KernelConstantName, number> {
  const out = {} as Record<KernelConstantName, number>;
  for (const n of KERNEL_CONSTANT_NAMES) {
    const o = params[`kc.${n}`];
    out[n] = o === undefined ? KERNEL_CONSTANTS[n].v : Number(o);
  }
  return out;
}
