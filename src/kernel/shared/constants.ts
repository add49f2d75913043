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
    v: 100,
    src: '[E] cycles per folio inside lruvec->lru_lock besides its memory accesses and its locked bit operations (those are RMWs on the folio\'s struct page: folio_test_clear_unevictable and folio_set_lru when it is added, folio_ref_sub_and_test when it is freed). Counted from the code path (mm/swap.c lru_add → lruvec_add_folio, folios_put_refs → lruvec_del_folio): the memcg lookup and relock check, the evictable and flag tests, the list link, and the LRU-size statistics — update_lru_size → __mod_lruvec_state (the node\'s per-CPU vmstat diff with its threshold check, the memcg\'s per-CPU lruvec stats and memcg_rstat_updated up the hierarchy), the zone\'s per-CPU counter and the memcg lru_zone_size: about 100 cycles. Session 5 to 12 used 40 ("a few dozen instructions"), which left the statistics out',
  },
  lruFreeMisses: {
    v: 1,
    src: '[E] dependent DRAM misses per folio when an unmap frees it (unmapEvery), taken in zap_pte_range outside any lock: its struct page was last touched when the page was faulted, a whole region earlier (will-it-scale maps 128 MiB, 2 MiB of struct pages per process, beyond the caches). [S] mm/memory.c zap_present_folio_ptes: the zap reads the folio (folio_test_anon) and drops its mapcount (folio_remove_rmap_ptes) before the page goes into the mmu_gather batch, so the miss falls there, not under lru_lock',
  },
  gatherPages: {
    v: 10000,
    src: '[S] include/asm-generic/tlb.h / mm/mmu_gather.c: MAX_GATHER_BATCH_COUNT = 10000UL / MAX_GATHER_BATCH, so at most about 10 000 pages are gathered before the TLB flush frees them (free_pages_and_swap_cache → folios_put_refs). Their struct pages, touched by the zap, are re-read under lru_lock from the L2 when that many 64-B struct pages fit in it, else from the LLC',
  },
  pcpBatch: {
    v: 63,
    src: '[S] zone pcp batch 63 on large zones, "mm, page_alloc: double zone\'s batchsize" (Aaron Lu 2018, commit d8a759b57035): pages taken from the buddy lists per zone->lock round',
  },
  pcpHighMax: {
    v: 58000,
    src: '[M] the most pages a CPU\'s pcp list may hold since PCP high auto-tuning (v6.7, Huang Ying; mm/page_alloc.c zone_set_pageset_high_and_batch): high_max = zone_highsize(..., MIN_PERCPU_PAGELIST_HIGH_FRACTION = 8) = the zone\'s managed pages / 8 / the node\'s CPUs, and pcp->high grows toward it by a batch per refill (nr_pcp_alloc) and per run of frees (nr_pcp_high). Computed for the LKP page_fault2 machine (192 GB, 2 nodes of 52 CPUs: about 24 M pages per node / 8 / 52). Pages an unmap frees stay on the freeing CPU\'s pcp up to this count and the next faults take them from there, without zone->lock; 0 = the pre-6.7 fixed high (every freed page goes back under zone->lock, ablation)',
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
    v: 3,
    src: '[E] page_counter levels charged per refill and uncharged per freed batch. [S] page_counter_try_charge and page_counter_uncharge walk every level to the top (mm/page_counter.c), and the root memcg\'s counter is the parent of every top-level cgroup\'s (mm/memcontrol.c mem_cgroup_css_alloc: page_counter_init(&memcg->memory, &parent->memory)), so the root is charged too. [E] the depth: a service cgroup, its slice and the root (a benchmark started from a login session sits one level deeper). Sessions 5 to 12 used 2 and left the root out',
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
