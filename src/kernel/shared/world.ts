/**
 * Places the fault path's other shared kernel objects (issue 13, mechanisms.md §4.2):
 * per NUMA node an lruvec (LRU list heads, lru_lock, the per-node LRU sizes) and a zone
 * (zone->lock and the free lists); per memcg level a page_counter; the mm's RSS
 * percpu_counter; and per thread its page-table lock, the folio it last put on an LRU
 * list, and its MCS nodes. Offsets follow the kernel structs' order where it matters
 * (which fields share a line); the layouts are stand-ins, not pahole output.
 */
import type { MachineConfig } from '../../model/machine-config.ts';
import type { Arena, PlacedObject } from '../../workload/arena.ts';
import { KERNEL_OBJECTS, type KernelConstantName, type KernelObjectName } from './constants.ts';
import { QNODE_LAYOUT } from './qspinlock.ts';

const lay = (name: string, size: number, fields: Array<[string, number]>) => ({
  name, size, objectAlign: 64, typesafeByRcu: false, fields: fields.map(([n, offset]) => ({ name: n, offset, size: 4 })),
});
/** struct lruvec: lists[] first (the anon lists in line 0), lru_lock after them (line 1); lru_zone_size of mem_cgroup_per_node on a later line */
const LRUVEC = lay('lruvec', 256, [['lists', 0], ['lock.locked', 80], ['lock.tail', 84], ['lru_size', 192]]);
/** struct zone: the lock and the free-area bookkeeping on separate lines */
const ZONE = lay('zone', 128, [['lock.locked', 0], ['lock.tail', 4], ['nr_free', 64]]);
/** struct page_counter: usage and the limits it is checked against share a line */
const PAGE_COUNTER = lay('page_counter', 64, [['usage', 0], ['high', 8]]);
/** struct percpu_counter: raw spinlock, then the global count */
const PERCPU_COUNTER = lay('percpu_counter', 64, [['lock.locked', 0], ['lock.tail', 4], ['count', 8]]);
/** the split page-table lock in the PTE page's struct ptdesc */
const PTLOCK = lay('ptdesc', 64, [['ptl.locked', 0], ['ptl.tail', 4]]);
/** struct page of a folio: flags, then lru.next/prev; _refcount at 52 */
const FOLIO = lay('folio', 64, [['flags', 0], ['lru', 8], ['refcount', 52]]);

/** Nesting levels of spinlocks on the path (the PTL is held around the RSS and LRU updates). */
export const QNODE_LEVELS = 2;

export interface SharedKernelWorld {
  on: ReadonlySet<KernelObjectName>;
  k: Record<KernelConstantName, number>;
  lruvec: PlacedObject[];
  zone: PlacedObject[];
  memcg: PlacedObject[];
  /** the mm's RSS percpu_counter, per process */
  rss: PlacedObject[];
  ptl: PlacedObject[];
  folio: PlacedObject[];
  /** qnodes[level][tid] */
  qnodes: PlacedObject[][];
  pauseCycles: number;
  /** one local DRAM access in core cycles */
  dramCycles: number;
  /** an L2 hit, an LLC hit (core cycles), and the L2's size in bytes: where an unmap's struct pages are re-read */
  l2Cycles: number;
  llcCycles: number;
  l2Bytes: number;
  /** percpu_counter batch: max(rssBatchMin, 2·nr_cpus) */
  rssBatch: number;
}

export function placeSharedKernel(
  arena: Arena, m: MachineConfig, nThreads: number, on: readonly KernelObjectName[], k: Record<KernelConstantName, number>, processes = 1,
): SharedKernelWorld {
  const nodes = m.sockets;
  // Separate allocations in the kernel: each object (and each thread's private group, like
  // a per-CPU area) starts on its own page, so no two of them share a 128-B prefetch pair.
  const PAGE = 4096;
  const many = (prefix: string, layout: ReturnType<typeof lay>, n: number) => Array.from({ length: n }, (_, i) => arena.single(`${prefix}[${i}]`, layout, PAGE));
  const nCpus = m.sockets * m.coresPerSocket * m.smt;
  const ptl: PlacedObject[] = [], folio: PlacedObject[] = [];
  const qnodes: PlacedObject[][] = Array.from({ length: QNODE_LEVELS }, () => []);
  for (let t = 0; t < nThreads; t++) {
    ptl.push(arena.single(`ptl[${t}]`, PTLOCK, PAGE));
    folio.push(arena.single(`folio[${t}]`, FOLIO, 64));
    for (let l = 0; l < QNODE_LEVELS; l++) qnodes[l]!.push(arena.single(`qnode${l}[${t}]`, QNODE_LAYOUT, 64));
  }
  return {
    on: new Set(on.filter((x) => (KERNEL_OBJECTS as readonly string[]).includes(x))),
    k,
    lruvec: many('lruvec', LRUVEC, nodes),
    zone: many('zone', ZONE, nodes),
    memcg: many('memcg', PAGE_COUNTER, Math.max(0, Math.round(k.memcgLevels))),
    rss: many('mm_rss', PERCPU_COUNTER, processes),
    ptl, folio, qnodes,
    pauseCycles: m.pauseCycles,
    dramCycles: Math.round(m.dramNs.local * m.freqGHz),
    l2Cycles: m.l2.latCycles,
    llcCycles: Math.round(m.llc.latNs * m.freqGHz),
    l2Bytes: m.l2.kib * 1024,
    rssBatch: Math.max(Math.round(k.rssBatchMin), 2 * nCpus),
  };
}
