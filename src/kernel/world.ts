/**
 * Places the kernel objects of a VMA workload in simulated memory and gives them their
 * initial values: mm_struct, the vm_area_struct slab (the faulting VMA at `slabSlot`
 * among idle neighbours) and, for the split scheme, the separate vma_lock slab.
 */
import type { Machine } from '../model/machine.ts';
import { Arena, fieldAddr, type PlacedObject } from '../workload/arena.ts';
import type { PointSpec } from '../model/point-spec.ts';
import { MM_PTR, VMA_LOCK_PTR, VM_LOCK_SEQ_UNLOCKED } from './constants.ts';
import type { FaultObjects } from './paths.ts';
import type { VmaScheme } from './vma-scheme.ts';

export interface VmaWorld {
  arena: Arena;
  /** the faulting VMA's objects (process 0's) */
  objects: FaultObjects;
  /** per process (pft `clients: processes`), else [objects] */
  procs: FaultObjects[];
  /** every VMA slab object and vma_lock object, and every mm_struct, of all processes */
  vmas: PlacedObject[];
  locks: PlacedObject[];
  mms: PlacedObject[];
}

/**
 * `processes` > 1 (pft `clients: processes`): each process gets its own mm_struct,
 * vm_area_struct slab and vma_lock slab, each starting on a page of its own: forked
 * processes get their copies of the region's VMA from vm_area_dup among the rest of
 * their VMAs, so two processes' faulting VMAs are not assumed to be slab neighbours [E].
 */
export function placeVmaWorld(spec: PointSpec, w: { slabObjects: number }, scheme: VmaScheme, processes = 1): VmaWorld {
  const num = (k: string, d: number) => (spec.params[k] === undefined ? d : Number(spec.params[k]));
  const arena = new Arena(spec.machine.lineBytes);
  const mmLayout = spec.layouts.mm_struct;
  if (!mmLayout) throw new Error('pft needs the mm_struct layout');
  const vmaLayout = spec.layouts.main!;
  const slot = num('slabSlot', 0);
  const count = Math.max(w.slabObjects, slot + 2);
  const lockLayout = spec.layouts.vma_lock;
  if (scheme.scheme === 'split_rwsem' && !lockLayout) throw new Error('the split_rwsem scheme needs the vma_lock layout');
  const lslot = num('lockSlot', 1);
  const procs: FaultObjects[] = [], vmas: PlacedObject[] = [], locks: PlacedObject[] = [], mms: PlacedObject[] = [];
  for (let p = 0; p < processes; p++) {
    // process 0 keeps the single-process names and placement; the others' mm_structs each on a page of their own
    const tag = p === 0 ? '' : `#${p}`;
    const mm = arena.single(`mm${tag}`, mmLayout, p === 0 ? 64 : 4096);
    const slab = arena.slab(`vma${tag}`, { layout: vmaLayout, count, align: num('objectAlign', vmaLayout.objectAlign), startOffset: num('slabOffset', 0) });
    let vmaLock: PlacedObject | undefined;
    if (scheme.scheme === 'split_rwsem') {
      const lockSlab = arena.slab(`vma_lock${tag}`, { layout: lockLayout!, count: Math.max(8, lslot + 2), startOffset: 0 });
      vmaLock = lockSlab[lslot];
      locks.push(...lockSlab);
    }
    vmas.push(...slab);
    mms.push(mm);
    procs.push({ vma: slab[slot]!, vmaLock, mm });
  }
  return { arena, objects: procs[0]!, procs, vmas, locks, mms };
}

/** Attached, unlocked VMAs; unlocked rwsems; mm_lock_seq 0. */
export function initVmaMemory(m: Machine, world: VmaWorld, scheme: VmaScheme): void {
  const set = (o: PlacedObject, field: string, v: number) => {
    if (o.layout.fields.some((f) => f.name === field)) m.store(fieldAddr(o, field).addr, v);
  };
  for (const mm of world.mms) set(mm, 'mm_lock_seq', 0);
  world.vmas.forEach((v, i) => {
    set(v, 'vm_start', 0x7f0000000000 + i * 0x100000000);
    set(v, 'vm_end', 0x7f0000000000 + i * 0x100000000 + 0x80000000);
    set(v, 'vm_mm', MM_PTR);
    set(v, 'vm_lock_seq', VM_LOCK_SEQ_UNLOCKED);
    set(v, 'vm_lock', VMA_LOCK_PTR + i * 64);
    set(v, 'detached', 0);
    if (scheme.scheme === 'refcount') set(v, 'vm_refcnt', 1);
  });
}
