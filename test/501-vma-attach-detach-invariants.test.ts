/**
 * SCENARIO: the VMA invariant checker reports attach/detach misuse with the VMA's slot and
 * the kernel function, on scripted single-thread writer sequences.
 */
import { describe, expect, it } from 'vitest';
import { VmaInvariants, tapMachine } from '../src/kernel/invariants.ts';
import { parseSpf, placeSpfWorld } from '../src/kernel/spf.ts';
import { detectScheme } from '../src/kernel/vma-scheme.ts';
import { initVmaMemory } from '../src/kernel/world.ts';
import {
  emitMmapWriteLock, emitMmapWriteUnlock, emitVmaMarkAttached, emitVmaMarkDetached, emitVmaStartWrite, type VmaHandle,
} from '../src/kernel/writer-paths.ts';
import { Machine } from '../src/model/machine.ts';
import { fieldAddr } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { kernelSpec } from './helpers/5-kernel-spec.ts';

type Step = 'attach' | 'detach';

/** Run `steps` on slab slot 1 (starts detached, like a fresh vm_area_alloc) in one write cycle. */
function script(layout: string, steps: Step[], slotOf: (h: VmaHandle[]) => VmaHandle = (h) => h[1]!) {
  const spec = kernelSpec(layout, { kind: 'spf' }, { threads: 1, prefetch: 'off' });
  const s = detectScheme(spec.layouts.main!);
  const sw = placeSpfWorld(spec, parseSpf(spec.workload), s, 1);
  const h = slotOf(sw.handles);
  const sites = new SiteTable();
  const b = new ProgramBuilder(sites).inPath('script');
  const o = { tid: 0, waitCycles: 10 };
  emitMmapWriteLock(b, sw.world.objects.mm, o);
  emitVmaStartWrite(b, sw.world.objects.mm, h, s, o);
  for (const st of steps) (st === 'attach' ? emitVmaMarkAttached(b, h, s) : emitVmaMarkDetached(b, h, s, o));
  emitMmapWriteUnlock(b, sw.world.objects.mm);
  const program = b.halt().build();
  const m = new Machine(spec.machine, { sharedLines: sw.world.arena.sharedLines(), nSites: sites.sites.length, check: true });
  initVmaMemory(m, sw.world, s);
  const slot1 = sw.handles[1]!;
  if (s.scheme === 'refcount') m.store(fieldAddr(slot1.vma, 'vm_refcnt').addr, 0);
  else m.store(fieldAddr(slot1.vma, 'detached').addr, 1);
  const inv = new VmaInvariants(m, sw.world.objects.mm, sw.handles, s, sites.sites, (slot) => slot !== slot1.slot);
  tapMachine(m, inv);
  runThreads(m, [{ cpu: 0, program }], { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] });
  inv.quiescent(-1, -1, true);
  return { inv, slot: h.slot };
}

describe('SCENARIO: scripted attach/detach sequences on one VMA', () => {
  for (const layout of ['d', 'b2', 'c']) {
    describe(`GIVEN layout ${layout} and a detached VMA in slab slot 1`, () => {
      it('WHEN it is attached, detached, detached THEN the second detach is reported with slot 1 and vma_mark_detached', () => {
        const { inv } = script(layout, ['attach', 'detach', 'detach']);
        expect(inv.total).toBeGreaterThan(0);
        expect(inv.violations[0]).toMatchObject({ rule: 'detach-detached', slot: 1, path: 'vma_mark_detached' });
        expect(inv.violations[0]!.detail).toContain('slot 1');
      });
      it('WHEN it is attached then detached THEN nothing is reported', () => {
        expect(script(layout, ['attach', 'detach']).inv.violations).toEqual([]);
      });
      it('WHEN it is attached twice THEN the second attach is reported', () => {
        const { inv } = script(layout, ['attach', 'attach']);
        expect(inv.violations[0]).toMatchObject({ rule: 'attach-attached', slot: 1, path: 'vma_mark_attached' });
      });
    });
  }
  it('GIVEN the attached faulting VMA (slot 0) WHEN it is attached again THEN slot 0 is reported', () => {
    const { inv, slot } = script('d', ['attach'], (h) => h[0]!);
    expect(slot).toBe(0);
    expect(inv.violations[0]).toMatchObject({ rule: 'attach-attached', slot: 0 });
  });
});
