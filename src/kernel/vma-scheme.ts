/**
 * Which per-VMA locking scheme a vm_area_struct layout implies, found from its fields so
 * that users' own regroupings run the right paths: `vm_refcnt` → refcount (v6.15, d);
 * an embedded `vm_lock…count` → rw_semaphore in the VMA (c, c_rfc); a `vm_lock` pointer →
 * separate vma_lock object (v6.4–6.14, b1/b2); none → mmap_lock only (v6.3, a).
 */
import type { ResolvedLayout } from '../model/point-spec.ts';

export type LockScheme = 'mmap_lock' | 'split_rwsem' | 'embedded_rwsem' | 'refcount';

export interface VmaScheme {
  scheme: LockScheme;
  /** field names of the rwsem words (embedded: in the VMA; split: in vma_lock) */
  count?: string;
  owner?: string;
  has: (field: string) => boolean;
}

export function detectScheme(vma: ResolvedLayout, override?: LockScheme): VmaScheme {
  const names = new Set(vma.fields.map((f) => f.name));
  const has = (f: string) => names.has(f);
  const embeddedCount = vma.fields.find((f) => /^vm_lock\.(lock\.)?count$/.test(f.name))?.name;
  let scheme: LockScheme;
  if (override) scheme = override;
  else if (has('vm_refcnt')) scheme = 'refcount';
  else if (embeddedCount) scheme = 'embedded_rwsem';
  else if (has('vm_lock')) scheme = 'split_rwsem';
  else scheme = 'mmap_lock';
  if (scheme === 'embedded_rwsem') {
    if (!embeddedCount) throw new Error(`layout ${vma.name}: scheme embedded_rwsem needs a vm_lock.count or vm_lock.lock.count field`);
    const owner = embeddedCount.replace(/count$/, 'owner');
    if (!has(owner)) throw new Error(`layout ${vma.name}: embedded rwsem has ${embeddedCount} but no ${owner}`);
    return { scheme, count: embeddedCount, owner, has };
  }
  if (scheme === 'split_rwsem') return { scheme, count: 'lock.count', owner: 'lock.owner', has };
  if (scheme === 'refcount' && !has('vm_refcnt')) throw new Error(`layout ${vma.name}: scheme refcount needs a vm_refcnt field`);
  return { scheme, has };
}
