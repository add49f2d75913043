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
  objects: FaultObjects;
  vmas: PlacedObject[];
  locks: PlacedObject[];
}

export function placeVmaWorld(spec: PointSpec, w: { slabObjects: number }, scheme: VmaScheme): VmaWorld {
  const num = (k: string, d: number) => (spec.params[k] === undefined ? d : Number(spec.params[k]));
  const arena = new Arena(spec.machine.lineBytes);
  const mmLayout = spec.layouts.mm_struct;
  if (!mmLayout) throw new Error('pft needs the mm_struct layout');
  const mm = arena.single('mm', mmLayout, 64);
  const vmaLayout = spec.layouts.main!;
  const slot = num('slabSlot', 0);
  const count = Math.max(w.slabObjects, slot + 2);
  const vmas = arena.slab('vma', { layout: vmaLayout, count, align: num('objectAlign', vmaLayout.objectAlign), startOffset: num('slabOffset', 0) });
  let locks: PlacedObject[] = [];
  let vmaLock: PlacedObject | undefined;
  if (scheme.scheme === 'split_rwsem') {
    const lockLayout = spec.layouts.vma_lock;
    if (!lockLayout) throw new Error('the split_rwsem scheme needs the vma_lock layout');
    const lslot = num('lockSlot', 1);
    locks = arena.slab('vma_lock', { layout: lockLayout, count: Math.max(8, lslot + 2), startOffset: 0 });
    vmaLock = locks[lslot];
  }
  return { arena, vmas, locks, objects: { vma: vmas[slot]!, vmaLock, mm } };
}

/** Attached, unlocked VMAs; unlocked rwsems; mm_lock_seq 0. */
export function initVmaMemory(m: Machine, world: VmaWorld, scheme: VmaScheme): void {
  const set = (o: PlacedObject, field: string, v: number) => {
    if (o.layout.fields.some((f) => f.name === field)) m.store(fieldAddr(o, field).addr, v);
  };
  set(world.objects.mm, 'mm_lock_seq', 0);
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
