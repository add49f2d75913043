/**
 * SCENARIO: who keeps a contended line is decided by timing, in the arbiter (no draw).
 * GIVEN a line whose transfer reaches its new holder at cycle A, and a waiter queued for it,
 * WHEN the holder accesses it at A + lead − 1 and at A + lead (lead = snoopLead),
 * THEN the first is a hit (the waiter's snoop has not reached the holder), the second
 * queues behind the waiter; a locked RMW's hold ending later delays the waiter to its end;
 * and with `arbitration: "coin"` (ablation) the waiter runs when the line frees, no later.
 */
import { describe, expect, it } from 'vitest';
import { Arbiter, GO, QUEUED, REQUEUE } from '../src/model/arbiter.ts';
import { Stats } from '../src/model/stats.ts';
import { Machine } from '../src/model/machine.ts';
import { profileConfig } from './helpers/machine.ts';

const L = 3, A = 1000, LEAD = 20;
const HOLDER = 0, WAITER = 1;

function arb(coin = false) {
  const a = new Arbiter(8, new Stats(8, 1, 2, 2), coin ? 0 : LEAD, coin);
  a.threads(2);
  a.arrive(L, A); // the holder's transfer completes at A
  return a;
}

describe('113 ownership after arrival', () => {
  it('GIVEN a waiter that asks during the transfer WHEN scheduled THEN it runs at arrival + lead', () => {
    const a = arb();
    expect(a.admit(WAITER, WAITER, A - 50, L, false)).toBe(REQUEUE);
    expect(a.readyAt).toBe(A + LEAD);
  });
  it('GIVEN the waiter queued WHEN the holder accesses at A+lead−1 THEN a hit; at A+lead THEN it queues behind', () => {
    const a = arb();
    a.admit(WAITER, WAITER, A - 50, L, false);
    expect(a.headDue(L, A + LEAD - 1)).toBe(false);
    expect(a.headDue(L, A + LEAD)).toBe(true);
    // at A + lead the holder's would-be hit must queue behind the waiter
    expect(a.admit(HOLDER, HOLDER, A + LEAD, L, false)).toBe(QUEUED);
    // and the waiter, as head, goes; the holder is woken after it
    expect(a.admit(WAITER, WAITER, A + LEAD, L, false)).toBe(GO);
    expect(a.woken).toBe(HOLDER);
  });
  it('GIVEN the holder holds the line for a locked RMW past arrival + lead THEN the waiter runs at the hold end', () => {
    const a = arb();
    a.occupy(L, A + 3 * LEAD); // RMW hold
    expect(a.admit(WAITER, WAITER, A, L, false)).toBe(REQUEUE);
    expect(a.readyAt).toBe(A + 3 * LEAD);
  });
  it('GIVEN coin arbitration (ablation) THEN the waiter runs when the line frees and never pre-empts a hit', () => {
    const a = arb(true);
    expect(a.admit(WAITER, WAITER, A - 50, L, false)).toBe(REQUEUE);
    expect(a.readyAt).toBe(A);
    expect(a.headDue(L, A + 10 * LEAD)).toBe(false);
  });
  it('GIVEN a shipped profile THEN snoopLead is half the LLC latency in cycles', () => {
    for (const p of ['broadwell-ep', 'sapphire-rapids', 'zen4-epyc']) {
      const m = new Machine(profileConfig(p), { sharedLines: 4, nSites: 1 });
      expect(m.lat.snoopLead).toBe(Math.round(m.lat.llc / 2));
      expect(m.arb.lead).toBe(m.lat.snoopLead);
    }
  });
});
