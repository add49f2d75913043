/**
 * SCENARIO 533: the unmap side in the kernel's order (mm/memory.c zap_pte_range,
 * mm/swap.c folios_put_refs, mm/memcontrol.c uncharge_batch; docs/sources.md).
 * - every folio batch that leaves the LRU is uncharged from each memcg page_counter level
 *   (site uncharge_batch), so halving the batch doubles those RMWs; none with memcg off;
 * - the zap's cold struct-page miss falls outside lru_lock: with the LRU lock left out the
 *   unmap still costs it, so the rate with and without the lock differs only by the work
 *   under the lock, not by a DRAM miss per folio.
 */
import { describe, expect, it } from 'vitest';
import { simulatePft } from '../src/kernel/pft.ts';
import { kernelSpec } from './helpers/5-kernel-spec.ts';

const run = (threads: number, params: Record<string, string | number>) => {
  const spec = kernelSpec('b2', { kind: 'pft', clients: 'processes', faultsPerThread: 124, warmupFaults: 62, jitter: 0, unmapEvery: 62 },
    { threads, check: false, params: params as Record<string, number> });
  return simulatePft(spec);
};
/** RMWs of the uncharge site(s) on the page_counter lines */
const uncharges = (r: ReturnType<typeof run>) => {
  const ids = new Set(r.sites.filter((s) => s.path === 'uncharge_batch' && s.object === 'page_counter' && s.access === 'rmw').map((s) => s.id));
  return { sites: ids.size, lines: r.runs[0]!.lines.filter((l) => l.sites.some((s) => ids.has(s))).length };
};

describe('533 unmap order', () => {
  it('GIVEN unmapping processes THEN folio batches are uncharged from every page_counter level; with memcg off there is no uncharge', () => {
    const on = uncharges(run(2, {}));
    expect(on.sites).toBe(1); // one site, run once per level
    expect(on.lines).toBe(3); // memcgLevels = 3 page_counters, the root's included
    expect(uncharges(run(2, { kernelObjectsOff: 'memcg' })).sites).toBe(0);
  });

  it('GIVEN the LRU batch halved THEN the page_counter lines take more accesses (an uncharge per batch)', () => {
    const acc = (lruBatch: number) => {
      const r = run(2, { 'kc.lruBatch': lruBatch });
      const ids = new Set(r.sites.filter((s) => s.object === 'page_counter').map((s) => s.id));
      return r.runs[0]!.lines.filter((l) => l.sites.some((s) => ids.has(s))).reduce((a, l) => a + l.accesses, 0);
    };
    const a31 = acc(31), a15 = acc(15);
    // 2 processes × (124 + 62) faults, 3 levels; uncharges per level: ⌊faults/15⌋ vs ⌊faults/31⌋, charges unchanged
    expect(a15 - a31).toBeGreaterThanOrEqual(2 * 3 * (Math.floor(186 / 15) - Math.ceil(186 / 31)));
  });

  it('GIVEN the LRU lock left out WHEN one process unmaps THEN the zap still pays one DRAM miss per page', () => {
    const fpc = (p: Record<string, string | number>) => run(1, p).runs[0]!.metrics.faults_per_cpu!;
    const noLru = fpc({ kernelObjectsOff: 'lru' });
    const noLruMiss0 = fpc({ kernelObjectsOff: 'lru', 'kc.lruFreeMisses': 0 });
    // 1 miss per page of ~95 ns at 2.6 GHz ≈ 247 cycles on top of ≈ 5 500 cycles per fault
    expect(noLruMiss0 / noLru).toBeGreaterThan(1.03);
  });
});
