/**
 * SCENARIO: exact cycles where requests interact through the line's busy clock
 * (Ramulator-style: probe one cycle before, at, and after the boundary).
 * GIVEN Broadwell-EP (prefetch off; l1 4, rmw 19, LLC 45, transfer 79 same socket /
 * 247 cross socket cycles — see 110),
 * WHEN a locked RMW holds a line and another core asks for it, N cores queue for one
 * line, or a write upgrades a line shared with the other socket,
 * THEN completions land exactly on hold end + transfer, on an arithmetic sequence, and
 * on the cross-socket invalidation latency.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import { Access } from '../src/model/vocab.ts';
import { acc, expectedLat, profileConfig } from './helpers/machine.ts';

const cfg = profileConfig('broadwell-ep');
const lat = expectedLat(cfg);
const RMW = cfg.rmwCycles;
const T = 50_000;
const L = 2;
const REMOTE = cfg.coresPerSocket; // core 0 of socket 1
const mk = () => new Machine(cfg, { sharedLines: 8, nSites: 4, check: true });

/** Core 0 holds L in M, then runs a locked RMW (a hit) at T; returns the machine and the hold end. */
function heldByRmw(): { m: Machine; holdEnd: number } {
  const m = mk();
  acc(m, 0, L, Access.Write, 0);
  const holdEnd = acc(m, 0, L, Access.Rmw, T);
  return { m, holdEnd };
}

describe('111 RMW hold, queueing, upgrade (exact cycles)', () => {
  it('GIVEN an RMW hit on an M line WHEN it runs THEN it completes at T + rmw (its L1 hit included) and the line is busy until then', () => {
    const { m, holdEnd } = heldByRmw();
    // rmwCycles is the whole locked RMW on an L1-resident line (uops.info's back-to-back
    // latency): the L1 hit's 4 cycles, then the line held for the other 15
    expect(holdEnd).toBe(T + 19);
    expect(m.arb.busyUntil(L)).toBe(holdEnd);
  });

  for (const [label, core, xfer] of [['same socket', 1, lat.sameLlc], ['other socket', REMOTE, lat.crossSocket]] as const) {
    it(`GIVEN a line held by a locked RMW WHEN a core on the ${label} reads it at hold−1, hold, hold+1 THEN it completes at hold+${xfer}, hold+${xfer}, hold+1+${xfer}`, () => {
      const got = [-1, 0, 1].map((dt) => {
        const { m, holdEnd } = heldByRmw();
        const q0 = m.stats.c.queueCycles;
        const t = acc(m, core, L, Access.Read, holdEnd + dt);
        return { done: t - holdEnd, queued: m.stats.c.queueCycles - q0 };
      });
      expect(got).toEqual([
        { done: xfer, queued: 1 }, // issued during the hold: waits exactly one cycle
        { done: xfer, queued: 0 }, // issued at the hold's end: no wait
        { done: 1 + xfer, queued: 0 },
      ]);
    });
  }

  it('GIVEN an RMW miss that takes the line from a peer WHEN a third core asks one cycle before it ends THEN it is served at its end + transfer', () => {
    const m = mk();
    acc(m, 0, L, Access.Write, 0);
    const t1 = acc(m, 1, L, Access.Rmw, T);
    expect(t1).toBe(T + lat.sameLlc + RMW); // transfer, then the locked op holds the line
    expect(acc(m, 2, L, Access.Read, t1 - 1)).toBe(t1 + lat.sameLlc);
  });

  for (const [kind, name, step] of [[Access.Rmw, 'locked RMWs', lat.sameLlc + RMW], [Access.Write, 'plain stores', lat.sameLlc]] as const) {
    it(`GIVEN core 0 owning a line WHEN cores 1..6 issue ${name} at the same cycle THEN completions form an arithmetic sequence of step ${step}`, () => {
      const m = mk();
      acc(m, 0, L, Access.Write, 0);
      const done = [1, 2, 3, 4, 5, 6].map((c) => acc(m, c, L, kind, T));
      expect(done.map((t, k) => t - (T + (k + 1) * step))).toEqual([0, 0, 0, 0, 0, 0]);
      // the k-th requester waited for the k−1 before it
      expect(m.stats.c.queueCycles).toBe(step * (0 + 1 + 2 + 3 + 4 + 5));
      if (kind === Access.Rmw) expect(step, 'hand-off + RMW = one c2c hop minus the spinning holder\'s extra failing CAS').toBe(Math.round(cfg.c2cNs.sameLlc * cfg.freqGHz) - RMW);
    });
  }

  it('GIVEN a line shared with a core on the other socket WHEN core 0 writes it THEN the upgrade costs the cross-socket invalidation', () => {
    const upgrade = (sharer: number) => {
      const m = mk();
      acc(m, sharer, L, Access.Read, 0);
      acc(m, 0, L, Access.Read, 1000);
      const inv0 = m.stats.c.invalidationsSent;
      const t = acc(m, 0, L, Access.Write, T) - T;
      return { t, inv: m.stats.c.invalidationsSent - inv0, sharerLeft: m.dir.state(L, sharer) };
    };
    expect(upgrade(REMOTE)).toEqual({ t: lat.crossSocket, inv: 1, sharerLeft: 0 });
    expect(lat.crossSocket).toBe(247);
    // same-socket sharer: the snoop filter / LLC round trip only
    expect(upgrade(1)).toEqual({ t: lat.llc, inv: 1, sharerLeft: 0 });
  });

  it('GIVEN sharers on both sockets WHEN core 0 upgrades THEN the slowest acknowledgement sets the latency', () => {
    const m = mk();
    for (const [i, c] of [1, 2, REMOTE, REMOTE + 1].entries()) acc(m, c, L, Access.Read, i * 1000);
    acc(m, 0, L, Access.Read, 10_000);
    expect(acc(m, 0, L, Access.Write, T) - T).toBe(lat.crossSocket);
    expect(m.stats.c.invalidationsSent).toBe(4);
  });
});
