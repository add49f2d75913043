/**
 * SCENARIO: spf_test-like stress (faulters beside mmap/munmap/mprotect writers) on a
 * 2-socket Broadwell-EP in checked mode keeps every VMA invariant for each lock scheme,
 * makes fast paths fall back, and a writer that skips waiting for readers is caught.
 */
import { describe, expect, it } from 'vitest';
import { runSpf } from '../src/kernel/spf.ts';
import { getWorkload } from '../src/workload/registry.ts';
import '../src/kinds/index.ts';
import { kernelSpec } from './helpers/5-kernel-spec.ts';

const block = { kind: 'spf', writers: 2, faultsPerThread: 60, warmupFaults: 10, writeFaultingVmaEvery: 2 };
const spec = (layout: string, seed = 1) => kernelSpec(layout, block, { threads: 8, seed, params: { slabSlot: 1 } });

describe('SCENARIO: concurrent spf run in checked mode on broadwell-ep', () => {
  for (const layout of ['b2', 'c', 'd']) {
    describe(`GIVEN layout ${layout}, 6 faulters and 2 writers`, () => {
      it('WHEN it runs THEN no invariant is violated, fast paths fell back and writers made progress', () => {
        const r = runSpf(spec(layout), { collectViolations: true });
        expect(r.violations).toEqual([]);
        const mt = r.result.runs[0]!.metrics;
        expect(mt.fallback_rate).toBeGreaterThan(0);
        expect(mt.fallback_rate).toBeLessThan(1);
        expect(mt.writer_ops_per_sec).toBeGreaterThan(0);
        expect(mt.faults_per_sec).toBeGreaterThan(0);
      });
      it('WHEN the writer skips waiting for readers THEN the checker reports readers and a writer at once', () => {
        const r = runSpf(spec(layout), { collectViolations: true, skipReaderWait: true });
        expect(r.totalViolations).toBeGreaterThan(0);
        expect(r.violations.map((v) => v.rule)).toContain('writer-with-readers');
        expect(r.violations[0]!.slot).toBe(1);
      });
    });
  }
  it('GIVEN checked mode through the workload kind WHEN the writer is correct THEN simulate returns (a violation would throw)', () => {
    const res = getWorkload('spf')!.simulate(spec('d', 3));
    expect(res.metrics.map((m) => m.name)).toEqual(['faults_per_sec', 'faults_per_cpu', 'fallback_rate', 'writer_ops_per_sec']);
  });
  it('GIVEN writeFaultingVmaEvery 0 WHEN writers only touch neighbours THEN no fault falls back', () => {
    const r = runSpf(kernelSpec('d', { ...block, writeFaultingVmaEvery: 0 }, { threads: 6, params: { slabSlot: 1 } }), { collectViolations: true });
    expect(r.violations).toEqual([]);
    expect(r.result.runs[0]!.metrics.fallback_rate).toBe(0);
  });
  it('GIVEN a bad writers value WHEN validated THEN one InputError names workload.writers', () => {
    expect(() => getWorkload('spf')!.validate({ kind: 'spf', writers: 1.5 }, 'exp.json', 'workload')).toThrow(/exp.json: workload.writers/);
    expect(() => runSpf(kernelSpec('d', { kind: 'spf', writers: 4 }, { threads: 4 }))).toThrow(/no faulting thread/);
  });
});
