/**
 * SCENARIO 532: pft processes that unmap what they faulted (`unmapEvery`, will-it-scale
 * page_fault1/2 style): the freed folios leave the per-node LRU under lru_lock, the pages
 * go back to the buddy lists under zone->lock.
 * - unmapEvery needs clients: processes (one error naming the field);
 * - at one process the free side costs time (the zap's struct-page misses, the LRU removal
 *   and the memcg uncharge); with the shared objects left out the unmap is free;
 * - PCP high auto-tuning (kc.pcpHighMax): the freed pages stay on the CPU's pcp list and
 *   the next faults take them without zone->lock; with 0 (before v6.7) they go back
 *   under zone->lock and the faults refill from the buddy lists again, which costs more;
 * - 52 processes on a 2 × 26-core Skylake-SP: the per-CPU LRU batch raised from 15 to 31
 *   (PAGEVEC_SIZE, the 2024 change LKP measured on page_fault2) raises the rate.
 */
import { describe, expect, it } from 'vitest';
import { parsePft, simulatePft } from '../src/kernel/pft.ts';
import { kernelSpec } from './helpers/5-kernel-spec.ts';

const fpc = (o: { threads: number; unmapEvery?: number; params?: Record<string, string | number>; skx?: boolean; faults?: number; warmup?: number }) => {
  const spec = kernelSpec('b2', {
    kind: 'pft', clients: 'processes', faultsPerThread: o.faults ?? 124, warmupFaults: o.warmup ?? 62, jitter: 0,
    ...(o.unmapEvery ? { unmapEvery: o.unmapEvery } : {}),
  }, { threads: o.threads, check: false, params: (o.params ?? {}) as Record<string, number>, ...(o.skx ? { profile: 'skylake-sp' } : {}) });
  if (o.skx) spec.machine = { ...spec.machine, coresPerSocket: 26 };
  return simulatePft(spec).runs[0]!.metrics.faults_per_cpu!;
};

describe('532 pft unmap', () => {
  it('GIVEN unmapEvery with threads THEN one error naming workload.unmapEvery', () => {
    expect(() => parsePft({ kind: 'pft', unmapEvery: 62 }, 'x.json')).toThrow(/workload\.unmapEvery: needs "clients": "processes"/);
    expect(() => parsePft({ kind: 'pft', clients: 'processes', unmapEvery: 0 }, 'x.json')).toThrow(/workload\.unmapEvery/);
  });

  it('GIVEN one process WHEN it unmaps every 62 faults THEN a fault costs more; with no shared objects it costs the same', () => {
    expect(fpc({ threads: 1, unmapEvery: 62 })).toBeLessThan(fpc({ threads: 1 }) * 0.995);
    const off = { kernelObjectsOff: 'all' };
    expect(fpc({ threads: 1, unmapEvery: 62, params: off }) / fpc({ threads: 1, params: off })).toBeCloseTo(1, 3);
  });

  it('GIVEN one unmapping process WHEN the pcp cannot keep the freed pages (kc.pcpHighMax 0) THEN its faults are slower', () => {
    const reuse = fpc({ threads: 1, unmapEvery: 62 }), noReuse = fpc({ threads: 1, unmapEvery: 62, params: { 'kc.pcpHighMax': 0 } });
    // each refill then takes pcpBatch pages with a struct-page DRAM miss each (about 250 cycles per fault on Broadwell-EP)
    expect(noReuse).toBeLessThan(reuse * 0.97);
    // boundary: a high of exactly the 62 unmapped pages keeps them all; one less sends a batch back
    expect(fpc({ threads: 1, unmapEvery: 62, params: { 'kc.pcpHighMax': 62 } })).toBe(reuse);
    expect(fpc({ threads: 1, unmapEvery: 62, params: { 'kc.pcpHighMax': 61 } })).toBeLessThan(reuse * 0.97);
  });

  it('GIVEN 52 unmapping processes on a 2 × 26-core Skylake-SP WHEN the LRU batch is 31 instead of 15 THEN they fault faster', () => {
    const at = (lruBatch: number) => fpc({ threads: 52, unmapEvery: 186, skx: true, faults: 372, warmup: 186, params: { 'kc.lruBatch': lruBatch } });
    expect(at(31)).toBeGreaterThan(at(15) * 1.04);
  }, 60_000); // two 52-process runs: about 5 s alone, more on a loaded machine
});
