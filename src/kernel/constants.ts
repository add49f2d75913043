/**
 * Kernel constants the lock paths compute with, so simulated memory holds the values
 * the kernel would and branches go the same way (model-notes §2.8).
 * Sources: kernel/locking/rwsem.c (RWSEM_*), include/linux/mm_types.h (VMA_LOCK_OFFSET,
 * VMA_REF_LIMIT, v6.15), vma-layouts.md §3.
 */
export const RWSEM_WRITER_LOCKED = 1; // bit 0
export const RWSEM_FLAG_WAITERS = 2; // bit 1
export const RWSEM_FLAG_HANDOFF = 4; // bit 2
export const RWSEM_READER_BIAS = 256; // 1 << 8
/** __down_read_trylock fails when any of these bits are set */
export const RWSEM_READ_FAILED_MASK = RWSEM_WRITER_LOCKED | RWSEM_FLAG_WAITERS | RWSEM_FLAG_HANDOFF;
export const RWSEM_READER_OWNED = 1;

export const VMA_LOCK_OFFSET = 0x40000000;
export const VMA_REF_LIMIT = VMA_LOCK_OFFSET - 1;

/** Symbolic pointer values in simulated memory. */
export const MM_PTR = 0x100000;
export const VMA_LOCK_PTR = 0x200000;
export const taskPtr = (tid: number) => 0x1000000 + tid * 0x1000;
/** vm_lock_seq of an unlocked VMA (vma_lock_alloc / vma_init: UINT_MAX) vs the mm's sequence 0 */
export const VM_LOCK_SEQ_UNLOCKED = 4294967295;
