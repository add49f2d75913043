/**
 * The anonymous write fault's accesses to shared kernel objects (mechanisms.md §4.2), as
 * programs: each batched per CPU as the kernel batches it, so a thread takes a shared lock
 * once every N faults. The batch counters start at a seeded phase per thread, as a real
 * run finds the per-CPU batches part-filled. Called by emitFaultBody around the private work.
 */
import type { ProgramBuilder } from '../../workload/builder.ts';
import { Cond, RmwFn } from '../../workload/ir.ts';
import { emitSpinLock, emitSpinUnlock, strideOf, type QContext, type SpinLock } from './qspinlock.ts';
import type { SharedKernelWorld } from './world.ts';

export interface SharedKernelThread {
  w: SharedKernelWorld;
  tid: number;
  /** the thread's process (pft `clients: processes`; 0 for threads) */
  proc: number;
  /** the NUMA node the thread's pages come from (its socket) */
  node: number;
  /**
   * initial batch counter per object: the seeded phase; `unmap`: faults already made into
   * the current mapping (pft unmapEvery), so processes do not all unmap at once
   */
  phase: { lru: number; zone: number; memcg: number; rss: number; unmap: number };
}

type B = ProgramBuilder;
const lockOf = (obj: SpinLock['obj'], role: string, prefix: string): SpinLock => ({ obj, role, locked: `${prefix}.locked`, tail: `${prefix}.tail` });
const q = (t: SharedKernelThread, level: number): QContext => ({ tid: t.tid, qnodes: t.w.qnodes[level]!, pauseCycles: t.w.pauseCycles });

/** Set the batch counters to their phases (once, before the fault loop). */
export function emitSharedInit(b: B, t: SharedKernelThread): void {
  b.set('lru_n', t.phase.lru).set('zone_n', t.phase.zone).set('memcg_n', t.phase.memcg).set('rss_n', t.phase.rss).set('pcp_n', 0);
}

/** Count one event on a per-CPU batch; run `body` when the batch is full. */
function batched(b: B, counter: string, batch: number, body: () => void): void {
  const skip = b.fresh(`${counter}_skip`);
  b.add(counter, 1).br(counter, Cond.Lt, Math.max(1, Math.round(batch)), skip);
  b.set(counter, 0);
  body();
  b.label(skip);
}

/**
 * The fault's steps on shared objects, in do_anonymous_page's order (mm/memory.c): the
 * allocation takes a page from the pcp list (a refill under zone->lock when it is empty),
 * the page is zeroed, mem_cgroup_charge takes it from the memcg stock (a refill up the
 * page_counters when that is empty); then under the page-table lock add_mm_counter
 * counts RSS, folio_add_new_anon_rmap reads the VMA, folio_add_lru_vma adds the folio
 * to the LRU batch, and set_ptes writes the PTE. emitFaultBody interleaves them with the
 * VMA reads.
 */
export function emitPageAlloc(b: B, t: SharedKernelThread): void {
  const { w } = t;
  if (!w.on.has('zone')) return;
  b.inPath('rmqueue_bulk');
  // pages an unmap left on this CPU's pcp list (pcp_n) are taken first, without the zone
  const refill = b.fresh('pcp_empty'), got = b.fresh('pcp_got');
  b.br('pcp_n', Cond.Le, 0, refill).add('pcp_n', -1).jmp(got).label(refill);
  batched(b, 'zone_n', w.k.pcpBatch, () => emitZoneRound(b, t, w.k.zonePageMisses));
  b.label(got);
}

/** mem_cgroup_charge, after the zeroed allocation: a stock refill charges every page_counter level. */
export function emitMemcgCharge(b: B, t: SharedKernelThread): void {
  const { w } = t;
  if (!w.on.has('memcg') || w.memcg.length === 0) return;
  b.inPath('try_charge_memcg');
  batched(b, 'memcg_n', w.k.memcgBatch, () => {
    for (const pc of w.memcg) {
      b.rmw(RmwFn.Add, { obj: pc, role: 'page_counter', field: 'usage' }, Math.round(w.k.memcgBatch));
      b.read({ obj: pc, role: 'page_counter', field: 'high' });
    }
  });
}

const ptlOf = (t: SharedKernelThread) => (t.w.on.has('ptl') ? lockOf(t.w.ptl[t.tid]!, 'ptdesc', 'ptl') : undefined);

/** pte_offset_map_lock: the split page-table lock (per thread: slices do not share PTE pages). */
export function emitPtlLock(b: B, t: SharedKernelThread): void {
  const ptl = ptlOf(t);
  if (ptl) { b.inPath('pte_offset_map_lock'); emitSpinLock(b, ptl, q(t, 0)); }
}

/** pte_unmap_unlock */
export function emitPtlUnlock(b: B, t: SharedKernelThread): void {
  const ptl = ptlOf(t);
  if (ptl) { b.inPath('pte_unmap_unlock'); emitSpinUnlock(b, ptl); }
}

/** add_mm_counter: the mm's RSS percpu_counter, folded under its spinlock once per batch. */
export function emitRssAdd(b: B, t: SharedKernelThread): void {
  const { w } = t;
  if (!w.on.has('rss')) return;
  b.inPath('percpu_counter_add_batch');
  batched(b, 'rss_n', w.rssBatch, () => {
    const rss = w.rss[t.proc]!, L = lockOf(rss, 'mm_rss', 'lock');
    emitSpinLock(b, L, q(t, 1));
    b.rmw(RmwFn.Add, { obj: rss, role: 'mm_rss', field: 'count' }, w.rssBatch);
    emitSpinUnlock(b, L);
  });
}

/** folio_add_lru_vma: into the per-CPU batch; a full batch moves onto the LRU under lru_lock. */
export function emitLruAdd(b: B, t: SharedKernelThread): void {
  const { w } = t;
  if (!w.on.has('lru')) return;
  b.inPath('folio_batch_move_lru');
  batched(b, 'lru_n', w.k.lruBatch, () => emitLruFlush(b, t));
}

/**
 * munmap of the `n` pages the client just faulted (pft `unmapEvery`, will-it-scale
 * page_fault1/2). zap_pte_range reads each page's struct page cold (folio_test_anon, the
 * mapcount drop) outside any lock and gathers the page; the TLB flush then frees the
 * gathered pages in folio batches of lruBatch (free_pages_and_swap_cache →
 * folios_put_refs): per batch, one lruvec->lru_lock round that takes the folios off their
 * LRU list, re-reading their struct pages from the cache, then one memcg uncharge of the
 * whole batch (mem_cgroup_uncharge_folios → uncharge_batch → page_counter_uncharge, up the
 * hierarchy: no per-CPU stock on this side). The freed pages go onto this CPU's pcp list
 * (free_unref_folios); only what exceeds kc.pcpHighMax goes back to the buddy lists, one
 * zone->lock round per pcpBatch pages (free_pcppages_bulk; with kc.pcpHighMax 0 every
 * page does, as before v6.7). Counters carry the remainder to the next unmap, so every
 * round holds a full batch.
 */
export function emitUnmapShared(b: B, t: SharedKernelThread, n: number): void {
  const { w } = t;
  b.inPath('zap_pte_range').stall(Math.round(n * w.k.lruFreeMisses * w.dramCycles));
  const lru = w.on.has('lru'), memcg = w.on.has('memcg') && w.memcg.length > 0;
  if (lru || memcg) {
    b.inPath('folios_put_refs');
    // the struct pages the zap touched since the last flush: in the L2 if they fit there
    const gathered = Math.min(n, Math.max(1, Math.round(w.k.gatherPages))) * STRUCT_PAGE_BYTES;
    const hit = gathered <= w.l2Bytes ? w.l2Cycles : w.llcCycles;
    drain(b, 'lru_free_n', n, w.k.lruBatch, () => {
      if (lru) emitLruRemove(b, t, hit);
      if (memcg) {
        b.inPath('uncharge_batch');
        for (const pc of w.memcg) b.rmw(RmwFn.Add, { obj: pc, role: 'page_counter', field: 'usage' }, -Math.round(w.k.lruBatch));
        b.inPath('folios_put_refs');
      }
    });
  }
  if (w.on.has('zone')) {
    b.inPath('free_pcppages_bulk');
    // the struct pages were just read above: no miss under zone->lock
    const high = Math.max(0, Math.round(w.k.pcpHighMax));
    if (high === 0) drain(b, 'zone_free_n', n, w.k.pcpBatch, () => emitZoneRound(b, t, 0));
    else {
      // free_unref_folios: onto this CPU's pcp list; only what exceeds its high goes back
      const top = b.fresh('pcp_over'), out = b.fresh('pcp_fits'), size = Math.max(1, Math.round(w.k.pcpBatch));
      b.add('pcp_n', n).label(top).br('pcp_n', Cond.Le, high, out);
      emitZoneRound(b, t, 0);
      b.add('pcp_n', -size).br('pcp_n', Cond.Ge, 0, top).set('pcp_n', 0).label(out);
    }
  }
}

/** sizeof(struct page) on x86-64 [S]: include/linux/mm_types.h, 64 bytes with the usual config */
const STRUCT_PAGE_BYTES = 64;

/** Before the loop (with unmapEvery): the free-side batch counters start part-filled at the fault side's seeded phases. */
export function emitUnmapInit(b: B, t: SharedKernelThread): void {
  b.set('lru_free_n', t.phase.lru).set('zone_free_n', t.phase.zone);
}

/** Add `n` to a counter, then run `body` once per full `batch` in it. */
function drain(b: B, counter: string, n: number, batch: number, body: () => void): void {
  const top = b.fresh(`${counter}_top`), out = b.fresh(`${counter}_out`), size = Math.max(1, Math.round(batch));
  b.add(counter, n).label(top).br(counter, Cond.Lt, size, out);
  body();
  b.add(counter, -size).jmp(top).label(out);
}

/**
 * One folios_put_refs round under lruvec->lru_lock: each folio is list_del'ed (its struct
 * page re-read from the cache, `hit` cycles, then its batch neighbours' links, which are
 * its own) and the per-node LRU size is updated; the run's outer neighbour is another
 * CPU's folio (the last adder's, as in the add path).
 */
function emitLruRemove(b: B, t: SharedKernelThread, hit: number): void {
  const { w } = t, vec = w.lruvec[t.node]!;
  const L = lockOf(vec, 'lruvec', 'lock');
  emitSpinLock(b, L, q(t, 1));
  linkFirstFolio(b, t, 'lru_del_alone');
  b.set('lru_k', 0);
  const loop = b.fresh('lru_del');
  b.label(loop);
  // folio_ref_sub_and_test on the struct page the zap left in the cache, then the list_del
  b.stall(hit).rmw(RmwFn.Sub, { obj: w.folio[t.tid]!, role: 'folio', field: 'refcount' }, 1);
  b.work(Math.round(w.k.lruFolioCycles));
  addLruSize(b, vec);
  b.add('lru_k', 1).br('lru_k', Cond.Lt, Math.max(1, Math.round(w.k.lruBatch)), loop);
  emitSpinUnlock(b, L);
}

/**
 * The LRU list's first folio (its thread + 1 in the list head, 0 = empty) gets its lru link
 * written: another CPU's struct page when the last lock holder put it there.
 */
function linkFirstFolio(b: B, t: SharedKernelThread, emptyLabel: string): void {
  const { w } = t;
  b.read({ obj: w.lruvec[t.node]!, role: 'lruvec', field: 'lists' }, 'lru_first');
  const none = b.fresh(emptyLabel);
  b.br('lru_first', Cond.Eq, 0, none);
  b.set('lru_ix', b.r('lru_first')).add('lru_ix', -1);
  b.writeIndexed({ obj: w.folio[0]!, role: 'folio', field: 'lru' }, 'lru_ix', strideOf(w.folio), t.tid + 1);
  b.label(none);
}

/** __update_lru_size / mem_cgroup_update_lru_size: a plain add under lru_lock. */
function addLruSize(b: B, vec: SharedKernelWorld['lruvec'][number]): void {
  b.read({ obj: vec, role: 'lruvec', field: 'lru_size' }, 'lru_sz');
  b.write({ obj: vec, role: 'lruvec', field: 'lru_size' }, b.r('lru_sz'));
}

/** One zone->lock round: a pcp batch of pages taken off (alloc) or put back on (free) the buddy lists, `misses` dependent struct-page DRAM misses each. */
function emitZoneRound(b: B, t: SharedKernelThread, misses: number): void {
  const { w } = t, zone = w.zone[t.node]!;
  emitSpinLock(b, lockOf(zone, 'zone', 'lock'), q(t, 0));
  b.read({ obj: zone, role: 'zone', field: 'nr_free' }, 'zone_free');
  b.stall(Math.round(w.k.pcpBatch * misses * w.dramCycles)).work(Math.round(w.k.pcpBatch * w.k.zonePageCycles));
  b.write({ obj: zone, role: 'zone', field: 'nr_free' }, b.r('zone_free')); // plain update under the lock
  emitSpinUnlock(b, lockOf(zone, 'zone', 'lock'));
}

/**
 * folio_batch_move_lru: under lruvec->lru_lock, each folio of the batch is list_add'ed at
 * the head of its LRU list: the old first folio (the previous lock holder's last one for
 * the first folio of the batch, our own after that) gets its lru.prev written, the list
 * head is rewritten, the per-node LRU size updated.
 */
function emitLruFlush(b: B, t: SharedKernelThread): void {
  const { w } = t, vec = w.lruvec[t.node]!, me = t.tid + 1;
  const L = lockOf(vec, 'lruvec', 'lock');
  const head = { obj: vec, role: 'lruvec', field: 'lists' };
  emitSpinLock(b, L, q(t, 1));
  b.set('lru_k', 0);
  const loop = b.fresh('lru_folio');
  b.label(loop);
  linkFirstFolio(b, t, 'lru_empty');
  // lru_add's folio_test_clear_unevictable, then folio_set_lru: locked bit operations on our folio
  b.rmw(RmwFn.And, { obj: w.folio[t.tid]!, role: 'folio', field: 'flags' }, 1);
  b.rmw(RmwFn.Or, { obj: w.folio[t.tid]!, role: 'folio', field: 'flags' }, 1);
  b.write(head, me);
  addLruSize(b, vec);
  b.work(Math.round(w.k.lruFolioCycles));
  b.add('lru_k', 1).br('lru_k', Cond.Lt, Math.max(1, Math.round(w.k.lruBatch)), loop);
  emitSpinUnlock(b, L);
}
