/**
 * SCENARIO 204 (issue 13, session 9): when a demand miss sets the prefetchers off, and
 * what a hit on a line still in flight costs.
 * GIVEN core 1 owns both lines of a 128-B pair (M), and the adjacent-line prefetcher with
 * RFO buddies that take owned lines (`mirror`, `steal`),
 * WHEN core 0 write-misses one line of the pair,
 * THEN with `prefetch.trigger: request` (default) the buddy's transfer starts with the
 * demand's, so both reach core 0 at the same cycle; with `fill` (ablation, the model
 * before session 9) the buddy leaves only once the demand's line has arrived, one
 * transfer later.
 * AND WHEN a thread reads the buddy right after its locked RMW on the trigger line,
 * THEN that hit completes no earlier than the buddy's arrival (no data before it arrives).
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import type { PrefetchTrigger } from '../src/model/machine-config.ts';
import { Access } from '../src/model/vocab.ts';
import { Arena } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { RmwFn } from '../src/workload/ir.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { acc, kibFor, smallConfig } from './helpers/machine.ts';

const TRIGGER = 4, BUDDY = 5, T = 10_000;

function mk(trigger?: PrefetchTrigger): Machine {
  const cfg = smallConfig({
    l1d: { kib: kibFor(16, 4), ways: 4, latCycles: 4 },
    l2: { kib: kibFor(64, 4), ways: 4, latCycles: 12 },
    llc: { kib: kibFor(256, 8), ways: 8, latNs: 40, inclusive: true },
    prefetch: { kind: 'adjacent-line', pairBytes: 128, buddyRequest: 'mirror', onOwned: 'steal', sharedBuddy: 'keep', ...(trigger ? { trigger } : {}) },
  });
  return new Machine(cfg, { sharedLines: 32, nSites: 4, check: true });
}

/** Core 1 writes both lines of the pair; core 0 then write-misses the trigger line at T. Arrival cycles at core 0. */
function arrivals(trigger?: PrefetchTrigger) {
  const m = mk(trigger);
  acc(m, 1, TRIGGER, Access.Write, 0);
  acc(m, 1, BUDDY, Access.Write, 1000);
  acc(m, 0, TRIGGER, Access.Write, T);
  const xfer = m.lat.xfer[0 * m.nCores + 1]!;
  return { trigger: m.arb.fillAt(TRIGGER, 0, T), buddy: m.arb.fillAt(BUDDY, 0, T), xfer };
}

describe('204 prefetch trigger timing', () => {
  it('GIVEN trigger request (default) THEN the buddy arrives with the demand line', () => {
    const a = arrivals();
    expect(a.trigger).toBe(T + a.xfer);
    expect(a.buddy).toBe(a.trigger);
    expect(arrivals('request')).toEqual(a);
  });

  it('GIVEN trigger fill (ablation) THEN the buddy arrives one transfer after the demand line', () => {
    const a = arrivals('fill');
    expect(a.trigger).toBe(T + a.xfer);
    expect(a.buddy).toBe(a.trigger + a.xfer);
  });

  it('GIVEN the buddy still in flight WHEN the thread reads it right after its RMW THEN the read completes no earlier than the buddy arrives', () => {
    for (const trigger of ['request', 'fill'] as const) {
      const m = mk(trigger);
      const arena = new Arena(64);
      const obj = arena.single('pair', { name: 'pair', size: 128, objectAlign: 128, typesafeByRcu: false, fields: [{ name: 'a', offset: 0, size: 8 }, { name: 'b', offset: 64, size: 8 }] }, 128);
      const la = obj.base / 64, lb = la + 1;
      // core 1 owns both lines before the thread starts
      m.access(1, obj.base, Access.Write, 0, 0);
      m.access(1, obj.base + 64, Access.Write, 0, 10);
      const sites = new SiteTable();
      const b = new ProgramBuilder(sites).inPath('t');
      b.rmw(RmwFn.Add, { obj, role: 'pair', field: 'a' }, 1);
      b.read({ obj, role: 'pair', field: 'b' });
      b.done().halt();
      const [r] = runThreads(m, [{ cpu: 0, program: b.build() }], { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: () => [] });
      const buddyAt = m.arb.fillAt(lb, 0, 0), triggerAt = m.arb.fillAt(la, 0, 0);
      expect(buddyAt, trigger).toBeGreaterThanOrEqual(triggerAt);
      expect(r!.tEnd, trigger).toBeGreaterThanOrEqual(buddyAt + m.lat.l1);
    }
  });
});
