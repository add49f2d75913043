/**
 * SCENARIO: the pft fault path of each lock scheme touches the fields vma-layouts.md §3
 * says, with the per-fault access counts it lists (expectations written from §3a–§3d, not
 * read back from the implementation).
 */
import { describe, expect, it } from 'vitest';
import { fieldUseForWorkload } from '../src/kernel/field-use.ts';
import { tapMachine } from '../src/kernel/invariants.ts';
import { emitFaultBody, emitLockVmaUnderRcu, emitMmapReadLock, emitMmapReadUnlock, emitVmaEndRead } from '../src/kernel/paths.ts';
import { detectScheme } from '../src/kernel/vma-scheme.ts';
import { initVmaMemory, placeVmaWorld } from '../src/kernel/world.ts';
import { loadLayout } from '../src/layout/registry.ts';
import { Machine } from '../src/model/machine.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { Cond } from '../src/workload/ir.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { kernelSpec } from './helpers/5-kernel-spec.ts';

const FAULTS = 5;

/** Per-fault accesses by "object.field access" over the lock paths, one uncontended thread (pft's program shape). */
function perFault(layout: string): Record<string, number> {
  const spec = kernelSpec(layout, { kind: 'pft' }, { threads: 1, prefetch: 'off' });
  const s = detectScheme(spec.layouts.main!);
  const world = placeVmaWorld(spec, { slabObjects: 8 }, s);
  const sites = new SiteTable();
  const b = new ProgramBuilder(sites).inPath('pft');
  const p = { tid: 0, workCycles: 100, jitter: 0, streamLines: 0, randomLines: 0, poolLines: 1 };
  b.set('i', 0).label('fault');
  if (s.scheme !== 'mmap_lock') {
    emitLockVmaUnderRcu(b, world.objects, s, 0, 'lock_mmap');
    emitFaultBody(b, world.objects, s, p);
    emitVmaEndRead(b, world.objects, s);
    b.jmp('next').label('lock_mmap');
  }
  emitMmapReadLock(b, world.objects, 0);
  emitFaultBody(b, world.objects, s, p);
  emitMmapReadUnlock(b, world.objects);
  b.label('next').inPath('pft').done().add('i', 1).br('i', Cond.Lt, FAULTS, 'fault');
  const program = b.halt().build();
  const m = new Machine(spec.machine, { sharedLines: world.arena.sharedLines(), nSites: sites.sites.length, check: true });
  initVmaMemory(m, world, s);
  const n = new Float64Array(sites.sites.length);
  tapMachine(m, { onAccess: (_c, site) => { n[site]!++; } });
  runThreads(m, [{ cpu: 0, program }], { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] });
  const lockPaths = new Set(['vma_start_read', 'down_read_trylock', 'vma_end_read', 'mmap_read_lock', 'mmap_read_unlock']);
  const out: Record<string, number> = {};
  for (const x of sites.sites) {
    if (!lockPaths.has(x.path) || n[x.id] === 0) continue;
    const k = `${x.object}.${x.field} ${x.access}`;
    out[k] = (out[k] ?? 0) + n[x.id]! / FAULTS;
  }
  return out;
}

const writtenVmaFields = (layout: string) => Object.entries(fieldUseForWorkload(loadLayout(layout), 'pft'))
  .filter(([, u]) => u.writes.length + u.rmws.length > 0).map(([f]) => f).sort();

describe('SCENARIO: pft fault path per lock scheme', () => {
  it('GIVEN d (refcount) THEN the fault path writes only vm_refcnt in the VMA, by CAS in vma_start_read and RMW in vma_end_read (§3d)', () => {
    expect(writtenVmaFields('d')).toEqual(['vm_refcnt']);
    const u = fieldUseForWorkload(loadLayout('d'), 'pft').vm_refcnt!;
    expect(u.writes).toEqual([]);
    expect([...u.rmws].sort()).toEqual(['vma_end_read', 'vma_start_read']);
    const c = perFault('d');
    expect(c['vma.vm_refcnt rmw']).toBe(2); // CAS + fetch_sub
    expect(c['vma.vm_refcnt read']).toBe(1); // refcount_read before the cmpxchg loop
    expect(c['vma.vm_lock_seq read']).toBe(2); // §3d steps 2.1 and 2.5
    expect(c['mm.mm_lock_seq read']).toBe(2);
    expect(c['vma.vm_mm read']).toBe(2); // reuse check 1 + vma_refcount_put's copy
    expect(Object.keys(c).some((k) => k.startsWith('mm.mmap_lock'))).toBe(false);
  });
  it('GIVEN b2 (split vma_lock) THEN no VMA field is written; vma_lock gets CAS+RMW on count and a store to owner (§3b)', () => {
    expect(writtenVmaFields('b2')).toEqual([]);
    const c = perFault('b2');
    expect(c['vma_lock.lock.count rmw']).toBe(2); // CAS in __down_read_trylock, xadd in __up_read
    expect(c['vma_lock.lock.count read']).toBe(1);
    expect(c['vma_lock.lock.owner write']).toBe(1); // rwsem_set_reader_owned
    expect(c['vma_lock.lock.owner read']).toBe(1);
    expect(c['vma.vm_lock read']).toBe(2); // down_read_trylock and up_read dereference vm_lock
    expect(c['vma.vm_lock_seq read']).toBe(2);
    expect(c['mm.mm_lock_seq read']).toBe(2);
  });
  it('GIVEN c_rfc (embedded rwsem) THEN the VMA writes are vm_lock.count (CAS+RMW) and vm_lock.owner (§3c)', () => {
    expect(writtenVmaFields('c_rfc')).toEqual(['vm_lock.count', 'vm_lock.owner']);
    const c = perFault('c_rfc');
    expect(c['vma.vm_lock.count rmw']).toBe(2);
    expect(c['vma.vm_lock.owner write']).toBe(1);
    expect(c['vma.vm_lock read']).toBeUndefined(); // no pointer load when embedded
  });
  it('GIVEN c (embedded rwsem, 6.x names) THEN the VMA writes are vm_lock.lock.count and vm_lock.lock.owner', () => {
    expect(writtenVmaFields('c')).toEqual(['vm_lock.lock.count', 'vm_lock.lock.owner']);
  });
  it('GIVEN a (v6.3) THEN no VMA field is written; only mm->mmap_lock: CAS+RMW on count, one owner store (§3a)', () => {
    expect(writtenVmaFields('a')).toEqual([]);
    const c = perFault('a');
    expect(c['mm.mmap_lock.count rmw']).toBe(2);
    expect(c['mm.mmap_lock.owner write']).toBe(1);
    expect(Object.keys(c).filter((k) => k.endsWith('write') || k.endsWith('rmw')).sort()).toEqual(['mm.mmap_lock.count rmw', 'mm.mmap_lock.owner write']);
  });
});
