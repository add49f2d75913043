/**
 * `linesim regroup --lock-scheme refcount`: the type change the v9/v10 series made before
 * it regrouped (vma-layouts.md §2 (d)), applied to the input so that the search can then
 * reorder the result. A member order alone cannot shrink a 40-B rw_semaphore; replacing
 * it can, and that is what "fits in 3 cachelines" needed upstream.
 *
 * The transform, field by field (6.15's mm_types.h against the input):
 *   - the lock (embedded `vm_lock.*` rw_semaphore, or the `vm_lock` pointer to a separate
 *     vma_lock) → `refcount_t vm_refcnt` (4 B, align 4), except that an input whose lock was
 *     ____cacheline_aligned keeps the refcount on a line start;
 *   - `detached` is dropped: refcount 0 means detached;
 *   - `vm_rcu` (the rcu_head in the vm_start union) → `freeptr_t vm_freeptr`: a
 *     SLAB_TYPESAFE_BY_RCU cache frees without call_rcu and keeps its free pointer there;
 *   - the slab cache becomes SLAB_TYPESAFE_BY_RCU (readers re-check after the refcount).
 * The kernel paths follow from the fields (src/kernel/vma-scheme.ts finds `vm_refcnt`).
 */
import { InputError } from '../util/errors.ts';
import type { Layout, LayoutField } from '../layout/schema.ts';

export const LOCK_SCHEMES = ['keep', 'refcount'] as const;
export type LockSchemeChange = (typeof LOCK_SCHEMES)[number];

const isLockField = (f: LayoutField) => f.name === 'vm_lock' || f.name.startsWith('vm_lock.');

export function toRefcountScheme(input: Layout): Layout {
  if (input.fields.some((f) => f.name === 'vm_refcnt')) {
    throw new InputError('--lock-scheme', '', `layout ${input.name} already has vm_refcnt (the refcount scheme); use --lock-scheme keep`);
  }
  const lock = input.fields.filter(isLockField);
  if (lock.length === 0) {
    throw new InputError('--lock-scheme', '', `layout ${input.name} has no per-VMA lock (no vm_lock or vm_lock.* member) to replace with vm_refcnt`);
  }
  const at = Math.min(...lock.map((f) => f.offset));
  // a ____cacheline_aligned lock keeps its line start; otherwise refcount_t's own 4
  const lockAlign = Math.max(...lock.map((f) => f.align ?? 1));
  const align = lockAlign >= 64 ? lockAlign : 4;
  const fields: LayoutField[] = [];
  for (const f of input.fields) {
    if (f.name === 'detached') continue;
    if (isLockField(f)) {
      if (f.offset === at && !fields.some((g) => g.name === 'vm_refcnt')) fields.push({ name: 'vm_refcnt', type: 'refcount_t', offset: at, size: 4, align });
      continue;
    }
    if (f.name === 'vm_rcu') { fields.push({ ...f, name: 'vm_freeptr', type: 'freeptr_t', size: 8, align: 8 }); continue; }
    fields.push(f);
  }
  const end = Math.max(...fields.map((f) => f.offset + f.size));
  const structAlign = Math.max(input.align ?? 1, ...fields.map((f) => f.align ?? 1));
  const flags = (input.slab.flags ?? '').split('|').filter((s) => s && s !== 'SLAB_NO_MERGE' && s !== 'SLAB_TYPESAFE_BY_RCU');
  return {
    ...input,
    name: `${input.name}-refcount`,
    description: `${input.name} with its per-VMA lock replaced by refcount_t vm_refcnt (the v6.15 change; written by linesim regroup --lock-scheme refcount)`,
    // the input's whole source: a cut one ended mid-URL in generated headers
    source: `${input.name} transformed as in "reimplement per-vma lock as a refcount" (v10, vma-layouts.md §2 (d)); ${input.source}`,
    size: Math.ceil(end / structAlign) * structAlign,
    align: structAlign,
    slab: {
      ...input.slab, typesafeByRcu: true,
      flags: [...flags, 'SLAB_TYPESAFE_BY_RCU'].join('|'),
    },
    fields,
  };
}
