/**
 * The writer side of the VMA locks (vma-layouts.md §3f) as programs with real values and
 * branches: mmap_write_lock, vma_start_write per scheme, the field writes of mprotect and
 * munmap/mmap, vma_mark_detached / vma_mark_attached, mmap_write_unlock (vma_end_write_all).
 * Each block is named for its kernel function so attribution reads like perf c2c and the
 * invariant checker (invariants.ts) can tell which function made a store.
 */
import type { PlacedObject } from '../workload/arena.ts';
import type { ProgramBuilder, Ref } from '../workload/builder.ts';
import { Cond, RmwFn } from '../workload/ir.ts';
import { RWSEM_FLAG_WAITERS, RWSEM_WRITER_LOCKED, VMA_LOCK_OFFSET, taskPtr } from './constants.ts';
import type { VmaScheme } from './vma-scheme.ts';

/** One VMA as the writer sees it: the object, its slab slot and (split scheme) its vma_lock. */
export interface VmaHandle {
  slot: number;
  vma: PlacedObject;
  lock?: PlacedObject;
}

export interface WriterOptions {
  tid: number;
  /** cycles spent per retry while waiting (rwsem slow path / rcuwait), coarse */
  waitCycles: number;
  /**
   * Test-only mutant: take the VMA write lock without waiting for readers to drain
   * (down_write as a blind OR of the writer bit; refcount without the rcuwait). The
   * invariant checker must catch it.
   */
  skipReaderWait?: boolean;
}

type B = ProgramBuilder;
const mmRef = (mm: PlacedObject, field: string): Ref => ({ obj: mm, role: 'mm', field });
const vmaRef = (h: VmaHandle, field: string): Ref => ({ obj: h.vma, role: 'vma', field });
const has = (h: VmaHandle, f: string) => h.vma.layout.fields.some((x) => x.name === f);

/** The rwsem words of a VMA's lock: in vma_lock (split) or in the VMA (embedded). */
function lockWords(h: VmaHandle, s: VmaScheme): { count: Ref; owner: Ref } {
  if (s.scheme === 'split_rwsem') {
    if (!h.lock) throw new Error(`VMA slot ${h.slot} has no vma_lock object (split scheme)`);
    return { count: { obj: h.lock, role: 'vma_lock', field: s.count! }, owner: { obj: h.lock, role: 'vma_lock', field: s.owner! } };
  }
  return { count: vmaRef(h, s.count!), owner: vmaRef(h, s.owner!) };
}

/**
 * down_write: rwsem_write_trylock = CAS count 0 → WRITER_LOCKED, then W owner = current.
 * Slow path (rwsem_down_write_slowpath, coarse): set RWSEM_FLAG_WAITERS so new readers'
 * trylock fails (it is in RWSEM_READ_FAILED_MASK) and the holders drain, retry every
 * `waitCycles`, and take the lock from 0 or WAITERS-only (the grant clears the flag; a
 * second waiting writer sets it again on its next retry). Without the flag a writer
 * would starve behind faulters that keep a VMA's rwsem read-held.
 * NOTE: on mm->mmap_lock the flag is not set (`setWaiters` false): several writers then
 * keep it set almost all the time and, with no FIFO wait queue in the model, readers that
 * fell back would starve (a livelock the kernel's queue/handoff avoids). The mmap_lock is
 * therefore reader-preferring here; a writer can wait long behind continuous readers
 * (scheme a, where every fault holds it).
 */
function downWrite(b: B, w: { count: Ref; owner: Ref }, o: WriterOptions, blind = false, setWaiters = true): void {
  if (blind) {
    b.rmw(RmwFn.Or, w.count, RWSEM_WRITER_LOCKED); // mutant: ignores readers
  } else {
    const retry = b.fresh('down_write'), got = b.fresh('wlocked'), take = b.fresh('wtake'), wait = b.fresh('wwait');
    b.cas(w.count, 0, RWSEM_WRITER_LOCKED, 'wold');
    b.br('wold', Cond.Eq, 0, got);
    b.label(retry);
    b.br('wold', Cond.Eq, 0, take);
    b.br('wold', Cond.Eq, RWSEM_FLAG_WAITERS, take);
    if (setWaiters) {
      b.br('wold', Cond.BitSet, RWSEM_FLAG_WAITERS, wait);
      b.rmw(RmwFn.Or, w.count, RWSEM_FLAG_WAITERS);
    }
    b.label(wait);
    b.work(o.waitCycles);
    b.read(w.count, 'wold');
    b.jmp(retry);
    b.label(take);
    b.set('wexp', b.r('wold'));
    b.cas(w.count, b.r('wexp'), RWSEM_WRITER_LOCKED, 'wold');
    b.br('wold', Cond.Ne, b.r('wexp'), retry);
    b.label(got);
  }
  b.write(w.owner, taskPtr(o.tid)); // rwsem_set_owner
}

/** up_write: rwsem_clear_owner (W owner = 0), then RMW count −WRITER_LOCKED (release). */
function upWrite(b: B, w: { count: Ref; owner: Ref }): void {
  b.write(w.owner, 0);
  b.rmw(RmwFn.Sub, w.count, RWSEM_WRITER_LOCKED);
}

export function emitMmapWriteLock(b: B, mm: PlacedObject, o: WriterOptions): void {
  b.inPath('mmap_write_lock');
  downWrite(b, { count: mmRef(mm, 'mmap_lock.count'), owner: mmRef(mm, 'mmap_lock.owner') }, o, false, false);
}

/** mmap_write_unlock: vma_end_write_all (mm_lock_seq += 1, which unlocks every VMA locked this cycle), then up_write. */
export function emitMmapWriteUnlock(b: B, mm: PlacedObject): void {
  b.inPath('vma_end_write_all');
  b.read(mmRef(mm, 'mm_lock_seq'), 'endseq');
  b.add('endseq', 1);
  b.write(mmRef(mm, 'mm_lock_seq'), b.r('endseq'));
  b.inPath('mmap_write_unlock');
  upWrite(b, { count: mmRef(mm, 'mmap_lock.count'), owner: mmRef(mm, 'mmap_lock.owner') });
}

/**
 * __vma_enter_locked: refcount_add_not_zero(VMA_LOCK_OFFSET) as the kernel's cmpxchg loop
 * (fails if detached → `notLocked`), then rcuwait until vm_refcnt == target
 * (VMA_LOCK_OFFSET + 1 for vma_start_write, VMA_LOCK_OFFSET when detaching).
 */
function vmaEnterLocked(b: B, h: VmaHandle, target: number, notLocked: string, o: WriterOptions): void {
  b.inPath('__vma_enter_locked');
  const ref = vmaRef(h, 'vm_refcnt'), retry = b.fresh('addnz'), added = b.fresh('added');
  b.read(ref, 'wrc');
  b.label(retry);
  b.br('wrc', Cond.Eq, 0, notLocked);
  b.set('wrcnew', b.r('wrc')).add('wrcnew', VMA_LOCK_OFFSET);
  b.cas(ref, b.r('wrc'), b.r('wrcnew'), 'wrcold');
  b.br('wrcold', Cond.Eq, b.r('wrc'), added);
  b.set('wrc', b.r('wrcold')).jmp(retry);
  b.label(added);
  if (o.skipReaderWait) return;
  if (has(h, 'vm_mm')) b.read(vmaRef(h, 'vm_mm')); // &vma->vm_mm->vma_writer_wait
  const wait = b.fresh('rcuwait'), drained = b.fresh('drained');
  b.label(wait);
  b.read(ref, 'wcur');
  b.br('wcur', Cond.Eq, target, drained);
  b.work(o.waitCycles);
  b.jmp(wait);
  b.label(drained);
}

/** __vma_exit_locked: refcount_sub_and_test(VMA_LOCK_OFFSET). */
function vmaExitLocked(b: B, h: VmaHandle): void {
  b.inPath('__vma_exit_locked');
  b.rmw(RmwFn.Sub, vmaRef(h, 'vm_refcnt'), VMA_LOCK_OFFSET);
}

/**
 * vma_start_write: skip if __is_vma_write_locked (vm_lock_seq == mm_lock_seq already this
 * cycle); else exclude readers (down_write on the rwsem, or __vma_enter_locked on the
 * refcount), W vm_lock_seq = mm_lock_seq, and release the exclusion. From then until
 * mmap_write_unlock the VMA stays write-locked by the sequence number alone.
 */
export function emitVmaStartWrite(b: B, mm: PlacedObject, h: VmaHandle, s: VmaScheme, o: WriterOptions): void {
  if (s.scheme === 'mmap_lock') return; // v6.3: mmap_lock alone protects the VMA
  b.inPath('__is_vma_write_locked');
  const done = b.fresh('wlocked_already');
  if (has(h, 'vm_mm')) b.read(vmaRef(h, 'vm_mm'));
  b.read(mmRef(mm, 'mm_lock_seq'), 'wmmseq');
  b.read(vmaRef(h, 'vm_lock_seq'), 'wvseq');
  b.br('wvseq', Cond.Eq, b.r('wmmseq'), done);
  if (s.scheme === 'refcount') {
    const notLocked = b.fresh('detached_nolock'), after = b.fresh('seq_set');
    vmaEnterLocked(b, h, VMA_LOCK_OFFSET + 1, notLocked, o);
    b.inPath('__vma_start_write');
    b.write(vmaRef(h, 'vm_lock_seq'), b.r('wmmseq'));
    vmaExitLocked(b, h);
    b.jmp(after);
    b.label(notLocked); // detached (new VMA): nothing to exclude, still record the sequence
    b.inPath('__vma_start_write');
    b.write(vmaRef(h, 'vm_lock_seq'), b.r('wmmseq'));
    b.label(after);
  } else {
    const w = lockWords(h, s);
    b.inPath('down_write');
    if (s.scheme === 'split_rwsem' && has(h, 'vm_lock')) b.read(vmaRef(h, 'vm_lock'));
    downWrite(b, w, o, o.skipReaderWait);
    b.inPath('vma_start_write');
    b.write(vmaRef(h, 'vm_lock_seq'), b.r('wmmseq'));
    b.inPath('up_write');
    upWrite(b, w);
  }
  b.label(done);
}

/** mprotect's VMA stores: vm_flags_reset (vm_flags), vma_set_page_prot (vm_page_prot); mmap uses vm_flags_init. */
export function emitMprotectFields(b: B, h: VmaHandle, newFlags: number, flagsPath = 'vm_flags_reset'): void {
  b.inPath(flagsPath);
  if (has(h, 'vm_flags')) b.write(vmaRef(h, 'vm_flags'), newFlags);
  b.inPath('vma_set_page_prot');
  if (has(h, 'vm_page_prot')) b.write(vmaRef(h, 'vm_page_prot'), newFlags & 7);
}

/** vma_set_range (mmap of a new VMA, or a split's trim): vm_start, vm_end, vm_pgoff. */
export function emitVmaSetRange(b: B, h: VmaHandle, start: number, end: number, pgoff: number): void {
  b.inPath('vma_set_range');
  if (has(h, 'vm_start')) b.write(vmaRef(h, 'vm_start'), start);
  if (has(h, 'vm_end')) b.write(vmaRef(h, 'vm_end'), end);
  if (has(h, 'vm_pgoff')) b.write(vmaRef(h, 'vm_pgoff'), pgoff);
}

/**
 * vma_mark_detached. rwsem schemes: W detached = 1 (the VMA is already write-locked, so
 * readers that get the read lock see it and back off). Refcount: refcount_dec_and_test;
 * if readers still hold transient references, __vma_enter_locked(detaching) waits until
 * only VMA_LOCK_OFFSET is left and __vma_exit_locked drops it to 0.
 */
export function emitVmaMarkDetached(b: B, h: VmaHandle, s: VmaScheme, o: WriterOptions): void {
  b.inPath('vma_mark_detached');
  if (s.scheme === 'refcount') {
    const done = b.fresh('detached');
    b.rmw(RmwFn.Sub, vmaRef(h, 'vm_refcnt'), 1, 'dold');
    b.br('dold', Cond.Eq, 1, done);
    // refcount_warn_saturate(REFCOUNT_SUB_UAF): decrementing a detached VMA only WARNs in
    // the kernel; here the value stays wrong (the checker reports it) and we bail out
    // instead of waiting forever for a count that cannot drain.
    b.br('dold', Cond.Le, 0, done);
    vmaEnterLocked(b, h, VMA_LOCK_OFFSET, done, o);
    vmaExitLocked(b, h);
    b.label(done);
  } else if (has(h, 'detached')) {
    b.write(vmaRef(h, 'detached'), 1);
  }
}

/** vma_mark_attached: refcount_set_release(vm_refcnt, 1) / W detached = 0. */
export function emitVmaMarkAttached(b: B, h: VmaHandle, s: VmaScheme): void {
  b.inPath('vma_mark_attached');
  if (s.scheme === 'refcount') b.write(vmaRef(h, 'vm_refcnt'), 1);
  else if (has(h, 'detached')) b.write(vmaRef(h, 'detached'), 0);
}

/** The writer-side kernel functions, for the invariant checker and FieldUse. */
export const WRITER_PATHS = [
  'mmap_write_lock', 'vma_end_write_all', 'mmap_write_unlock', '__is_vma_write_locked', '__vma_enter_locked',
  '__vma_exit_locked', '__vma_start_write', 'down_write', 'vma_start_write', 'up_write', 'vm_flags_reset',
  'vm_flags_init', 'vma_set_page_prot', 'vma_set_range', 'vma_mark_detached', 'vma_mark_attached',
] as const;
