/**
 * The per-VMA locking and anonymous-fault code paths as programs over fields
 * (vma-layouts.md §3), with real values and branches. Each block is named for the
 * kernel function it stands for, so attribution reads like a perf-c2c call site.
 * Fields the layout lacks are skipped, so users' regroupings of vm_area_struct run too.
 */
import type { PlacedObject } from '../workload/arena.ts';
import type { ProgramBuilder } from '../workload/builder.ts';
import { Cond, RmwFn } from '../workload/ir.ts';
import {
  RWSEM_FLAG_HANDOFF, RWSEM_FLAG_WAITERS, RWSEM_READER_BIAS, RWSEM_READER_OWNED, RWSEM_WRITER_LOCKED,
  VMA_LOCK_OFFSET, VMA_REF_LIMIT, taskPtr,
} from './constants.ts';

const READ_FAILED_BITS = [RWSEM_WRITER_LOCKED, RWSEM_FLAG_WAITERS, RWSEM_FLAG_HANDOFF];
import type { VmaScheme } from './vma-scheme.ts';
import { emitLruAdd, emitMemcgCharge, emitPageAlloc, emitPtlLock, emitPtlUnlock, emitRssAdd, type SharedKernelThread } from './shared/fault.ts';

export interface FaultObjects {
  vma: PlacedObject;
  /** the separate vma_lock object (split_rwsem scheme) */
  vmaLock?: PlacedObject;
  mm: PlacedObject;
}

export interface FaultParams {
  tid: number;
  /** private work per fault (page allocation, zeroing, page tables), cycles */
  workCycles: number;
  jitter: number;
  /** private footprint per fault: streamed lines (the zeroed page) and random lines from a pool */
  streamLines: number;
  randomLines: number;
  poolLines: number;
  /** the fault path's other shared kernel objects (pft), absent: none */
  shared?: SharedKernelThread;
}

type B = ProgramBuilder;
const vmaRef = (o: FaultObjects, field: string) => ({ obj: o.vma, role: 'vma', field });
const mmRef = (o: FaultObjects, field: string) => ({ obj: o.mm, role: 'mm', field });

/** Read a VMA field if the layout has it. */
function rv(b: B, o: FaultObjects, s: VmaScheme, field: string, into?: string): void {
  if (s.has(field)) b.read(vmaRef(o, field), into);
}

/** __down_read_trylock on an rwsem (count/owner refs): CAS loop, then owner store. Jumps to `fail`. */
function downReadTrylock(b: B, count: { obj: PlacedObject; role: string; field: string }, owner: typeof count, tid: number, fail: string): void {
  const retry = b.fresh('trylock');
  b.read(count, 'tmp');
  b.label(retry);
  // RWSEM_READ_FAILED_MASK: writer locked, waiters, handoff → the trylock fails.
  for (const bit of READ_FAILED_BITS) b.br('tmp', Cond.BitSet, bit, fail);
  b.set('new', b.r('tmp')).add('new', RWSEM_READER_BIAS);
  b.cas(count, b.r('tmp'), b.r('new'), 'old');
  const ok = b.fresh('locked');
  b.br('old', Cond.Eq, b.r('tmp'), ok);
  b.set('tmp', b.r('old')).jmp(retry);
  b.label(ok);
  // rwsem_set_reader_owned: read the old owner (NONSPINNABLE bit), store current|READER_OWNED.
  b.read(owner, 'oldowner');
  b.write(owner, taskPtr(tid) + RWSEM_READER_OWNED);
}

/** __up_read: RMW count −READER_BIAS (owner is not cleared without DEBUG_RWSEMS). */
function upRead(b: B, count: { obj: PlacedObject; role: string; field: string }): void {
  b.rmw(RmwFn.Sub, count, RWSEM_READER_BIAS, 'upold');
}

/** The fast path up to holding the VMA read-locked; jumps to `fallback` on failure. */
export function emitLockVmaUnderRcu(b: B, o: FaultObjects, s: VmaScheme, tid: number, fallback: string): void {
  b.inPath('lock_vma_under_rcu');
  if (s.scheme === 'refcount') {
    b.inPath('vma_start_read');
    rv(b, o, s, 'vm_lock_seq', 'seq');
    b.read(mmRef(o, 'mm_lock_seq'), 'mmseq');
    b.br('seq', Cond.Eq, b.r('mmseq'), fallback);
    // __refcount_inc_not_zero_limited_acquire(&vma->vm_refcnt, &oldcnt, VMA_REF_LIMIT)
    const ref = vmaRef(o, 'vm_refcnt'), retry = b.fresh('refinc'), got = b.fresh('refgot');
    b.read(ref, 'rc');
    b.label(retry);
    b.br('rc', Cond.Eq, 0, fallback); // detached
    b.br('rc', Cond.Ge, VMA_REF_LIMIT, fallback); // writer holds VMA_LOCK_OFFSET
    b.set('rcnew', b.r('rc')).add('rcnew', 1);
    b.cas(ref, b.r('rc'), b.r('rcnew'), 'rcold');
    b.br('rcold', Cond.Eq, b.r('rc'), got);
    b.set('rc', b.r('rcold')).jmp(retry);
    b.label(got);
    rv(b, o, s, 'vm_mm'); // reuse check 1 (SLAB_TYPESAFE_BY_RCU)
    emitSeqRecheck(b, o, s, fallback, false);
    b.inPath('lock_vma_under_rcu');
    rv(b, o, s, 'vm_start'); // reuse check 2
    rv(b, o, s, 'vm_end');
    return;
  }
  b.inPath('vma_start_read');
  rv(b, o, s, 'vm_lock_seq', 'seq');
  rv(b, o, s, 'vm_mm');
  b.read(mmRef(o, 'mm_lock_seq'), 'mmseq');
  b.br('seq', Cond.Eq, b.r('mmseq'), fallback);
  b.inPath('down_read_trylock');
  if (s.scheme === 'split_rwsem') {
    rv(b, o, s, 'vm_lock');
    const lk = o.vmaLock!;
    downReadTrylock(b, { obj: lk, role: 'vma_lock', field: s.count! }, { obj: lk, role: 'vma_lock', field: s.owner! }, tid, fallback);
  } else {
    downReadTrylock(b, vmaRef(o, s.count!), vmaRef(o, s.owner!), tid, fallback);
  }
  b.inPath('vma_start_read');
  emitSeqRecheck(b, o, s, fallback, true);
  b.inPath('lock_vma_under_rcu');
  if (s.has('detached')) {
    rv(b, o, s, 'detached', 'det');
    const live = b.fresh('attached');
    b.br('det', Cond.Eq, 0, live);
    emitVmaEndRead(b, o, s);
    b.jmp(fallback);
    b.label(live);
    b.inPath('lock_vma_under_rcu');
  }
  rv(b, o, s, 'vm_start');
  rv(b, o, s, 'vm_end');
}

/**
 * vma_start_read's re-check after taking the lock: a writer that write-locked the VMA
 * meanwhile leaves vm_lock_seq == mm_lock_seq; then drop the lock and fall back.
 */
function emitSeqRecheck(b: B, o: FaultObjects, s: VmaScheme, fallback: string, readMm: boolean): void {
  rv(b, o, s, 'vm_lock_seq', 'seq');
  if (readMm) rv(b, o, s, 'vm_mm');
  b.read(mmRef(o, 'mm_lock_seq'), 'mmseq');
  const fresh = b.fresh('seqok');
  b.br('seq', Cond.Ne, b.r('mmseq'), fresh);
  emitVmaEndRead(b, o, s);
  b.jmp(fallback);
  b.label(fresh);
}

export function emitVmaEndRead(b: B, o: FaultObjects, s: VmaScheme): void {
  b.inPath('vma_end_read');
  if (s.scheme === 'refcount') {
    // vma_refcount_put: copy vm_mm first, then __refcount_dec_and_test (fetch_sub release)
    rv(b, o, s, 'vm_mm');
    b.rmw(RmwFn.Sub, vmaRef(o, 'vm_refcnt'), 1, 'rcput');
    const done = b.fresh('putdone');
    b.br('rcput', Cond.Le, VMA_LOCK_OFFSET, done); // no writer waiting
    b.read(mmRef(o, 'mm_lock_seq')); // rcuwait_wake_up(&mm->vma_writer_wait) stand-in
    b.label(done);
  } else if (s.scheme === 'split_rwsem') {
    rv(b, o, s, 'vm_lock');
    upRead(b, { obj: o.vmaLock!, role: 'vma_lock', field: s.count! });
  } else if (s.scheme === 'embedded_rwsem') {
    upRead(b, vmaRef(o, s.count!));
  }
}

/** mmap_read_lock/trylock on mm->mmap_lock (v6.3 path and every fallback). */
export function emitMmapReadLock(b: B, o: FaultObjects, tid: number): void {
  b.inPath('mmap_read_lock');
  const spin = b.fresh('mmap_spin'), fail = b.fresh('mmap_wait');
  b.label(spin);
  downReadTrylock(b, mmRef(o, 'mmap_lock.count'), mmRef(o, 'mmap_lock.owner'), tid, fail);
  const ok = b.fresh('mmap_ok');
  b.jmp(ok);
  b.label(fail);
  b.work(200); // rwsem_down_read_slowpath: sleep/spin until the writer leaves (coarse)
  b.jmp(spin);
  b.label(ok);
  b.inPath('find_vma');
  b.read(vmaRef(o, 'vm_start'));
  b.read(vmaRef(o, 'vm_end'));
}

export function emitMmapReadUnlock(b: B, o: FaultObjects): void {
  b.inPath('mmap_read_unlock');
  upRead(b, mmRef(o, 'mmap_lock.count'));
}

/**
 * access_error + handle_mm_fault → do_anonymous_page field reads (§3e), with the private
 * work and the shared kernel objects in do_anonymous_page's order (mm/memory.c): allocate
 * (and zero) the page, charge it, build the PTE from vm_page_prot and vm_flags, take the
 * page-table lock, count RSS, add the anon rmap (anon_vma, vm_start, vm_pgoff), add the
 * folio to the LRU batch, set the PTE, unlock.
 */
export function emitFaultBody(b: B, o: FaultObjects, s: VmaScheme, p: FaultParams): void {
  b.inPath('access_error');
  rv(b, o, s, 'vm_flags');
  b.inPath('handle_mm_fault');
  for (const f of ['vm_mm', 'vm_flags', 'vm_file']) rv(b, o, s, f);
  b.inPath('__handle_mm_fault');
  for (const f of ['vm_start', 'vm_pgoff', 'vm_file', 'vm_mm', 'vm_flags', 'vm_ops', 'vm_end']) rv(b, o, s, f);
  b.inPath('do_anonymous_page');
  for (const f of ['vm_ops', 'vm_flags', 'vm_mm', 'anon_vma']) rv(b, o, s, f);
  b.inPath('vma_alloc_zeroed_movable_folio');
  rv(b, o, s, 'vm_ops');
  rv(b, o, s, 'vm_policy');
  const sh = p.shared;
  if (sh) emitPageAlloc(b, sh);
  // Page allocation, zeroing, the page-table walk: private work and footprint.
  b.inPath('vma_alloc_zeroed_movable_folio');
  b.work(p.workCycles, p.jitter);
  b.footprint(p.streamLines, p.randomLines, p.poolLines);
  if (sh) emitMemcgCharge(b, sh);
  b.inPath('do_anonymous_page');
  for (const f of ['vm_page_prot', 'vm_flags', 'vm_mm']) rv(b, o, s, f); // mk_pte, VM_WRITE, pte_offset_map_lock
  if (sh) emitPtlLock(b, sh);
  b.inPath('do_anonymous_page');
  for (const f of ['vm_mm', 'vm_flags', 'vm_mm']) rv(b, o, s, f); // check_stable_address_space, userfaultfd_missing, add_mm_counter
  if (sh) emitRssAdd(b, sh);
  b.inPath('do_anonymous_page');
  for (const f of ['anon_vma', 'vm_start', 'vm_pgoff', 'vm_flags']) rv(b, o, s, f); // folio_add_new_anon_rmap, folio_add_lru_vma
  if (sh) emitLruAdd(b, sh);
  b.inPath('do_anonymous_page');
  rv(b, o, s, 'vm_mm'); // set_ptes
  if (sh) emitPtlUnlock(b, sh);
}
