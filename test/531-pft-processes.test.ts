/**
 * SCENARIO 531: pft with processes (`clients: processes`, pft -n; mmtests
 * PFT_USE_PROCESSES=yes). Each client has its own mm_struct, VMA and RSS counter, so:
 * - no VMA, lock-word, mm or RSS line moves between cores (no field pair of those objects
 *   has a coherence miss), where the same run with threads has many;
 * - with the shared kernel objects left out, 12 processes fault at the one-client rate
 *   (within 3 %), where 12 threads of the refcount layout lose more than 10 % on the VMA's
 *   lock line;
 * - the per-node zone lock is still shared: leaving it out speeds 56 processes up;
 * - processes report spin_pct (share of cycles spinning on queued spinlocks); threads do not;
 * - threads stay the default.
 */
import { describe, expect, it } from 'vitest';
import { parsePft, simulatePft } from '../src/kernel/pft.ts';
import { kernelSpec } from './helpers/5-kernel-spec.ts';

type Clients = 'threads' | 'processes';
const run = (layout: string, clients: Clients, threads: number, params: Record<string, string | number> = {}, kernelObjects?: string[]) =>
  simulatePft(kernelSpec(layout, {
    kind: 'pft', clients, faultsPerThread: 60, warmupFaults: 15, jitter: 0, ...(kernelObjects ? { kernelObjects } : {}),
  }, { threads, check: false, params: params as Record<string, number> }));

/** coherence misses of field pairs whose victim is a field of one of `objects` (by site) */
function missesOn(res: ReturnType<typeof simulatePft>, objects: string[]): number {
  const obj = new Map(res.sites.map((s) => [s.id, s.object]));
  return res.runs[0]!.fieldPairs.filter((p) => objects.includes(obj.get(p.victimSite) ?? '')).reduce((a, p) => a + p.misses, 0);
}

describe('531 pft processes', () => {
  const PER_PROCESS = ['vma', 'vma_lock', 'mm', 'mm_rss'];

  it('GIVEN 8 clients of the split-lock layout WHEN processes THEN no per-process object line misses; WHEN threads THEN they do', () => {
    expect(missesOn(run('b2', 'processes', 8), PER_PROCESS)).toBe(0);
    expect(missesOn(run('b2', 'threads', 8), PER_PROCESS)).toBeGreaterThan(100);
  });

  it('GIVEN the refcount layout and no shared kernel objects WHEN 12 processes THEN each runs at the one-client rate; 12 threads lose over 10 %', () => {
    const fpc = (clients: Clients, n: number) => run('d', clients, n, {}, []).runs[0]!.metrics.faults_per_cpu!;
    const one = fpc('processes', 1);
    expect(Math.abs(fpc('processes', 12) / one - 1)).toBeLessThan(0.03);
    expect(fpc('threads', 12) / one).toBeLessThan(0.9);
  });

  it('GIVEN 56 processes WHEN the zone lock is left out THEN they fault faster: the per-node objects stay shared', () => {
    const fpc = (params: Record<string, string>) => run('d', 'processes', 56, params).runs[0]!.metrics.faults_per_cpu!;
    expect(fpc({ kernelObjectsOff: 'zone' })).toBeGreaterThan(fpc({}) * 1.04);
  });

  it('GIVEN processes THEN spin_pct is reported: 0 with no shared spinlock, above 0 with 56 processes on the per-node locks; threads do not report it', () => {
    const spin = (threads: number, ko?: string[]) => run('d', 'processes', threads, {}, ko).runs[0]!.metrics.spin_pct;
    expect(spin(8, [])).toBe(0);
    expect(spin(56)).toBeGreaterThan(0);
    expect(run('d', 'threads', 8).runs[0]!.metrics.spin_pct).toBeUndefined();
  });

  it('GIVEN a pft block without clients THEN threads; a bad value is an error naming the field', () => {
    expect(parsePft({ kind: 'pft' }).clients).toBe('threads');
    expect(() => parsePft({ kind: 'pft', clients: 'tasks' }, 'x.json')).toThrow(/workload\.clients/);
  });
});
