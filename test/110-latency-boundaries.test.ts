/**
 * SCENARIO: exact completion cycles of single accesses (Ramulator-style boundary tests).
 * GIVEN a shipped profile (prefetch off) and a line placed in a known spot — the
 * requester's L1, its L2 only, the LLC only, nowhere (DRAM, home socket or not), M in a
 * peer core (same LLC domain, other domain, other socket) —
 * WHEN core 0 (or the remote core) reads it at cycle T,
 * THEN it completes at exactly T + that latency, with the latencies computed here from
 * the profile numbers (cpu-facts convention: ns × GHz; transfer = c2c·GHz − 2·rmw,
 * the CAS ping-pong decomposition in the NOTE in latency.ts), and for Broadwell-EP also
 * as hand-computed literals.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import type { MachineConfig } from '../src/model/machine-config.ts';
import { Access } from '../src/model/vocab.ts';
import { listProfiles } from '../src/profile/index.ts';
import { acc, collidingPrivateLines, evictFromL1, expectedLat, profileConfig } from './helpers/machine.ts';

const T = 50_000; // issue cycle, far beyond every busy clock left by the setup
const L = 3;

const mk = (cfg: MachineConfig) => new Machine(cfg, { sharedLines: 16, nSites: 4, check: true });

/** Completion cycles of each scenario on one profile. */
function measure(cfg: MachineConfig) {
  const out: Record<string, number> = {};
  let m = mk(cfg);
  acc(m, 0, L, Access.Read, 0);
  out.l1 = acc(m, 0, L, Access.Read, T) - T;
  evictFromL1(m, 0, L);
  out.l2 = acc(m, 0, L, Access.Read, T) - T;
  out.l1AfterL2 = acc(m, 0, L, Access.Read, 2 * T) - 2 * T; // the L2 hit refilled L1

  // LLC only: core 1 (same domain) reads the line, then its L2 evicts it (E × Evict).
  m = mk(cfg);
  acc(m, 1, L, Access.Read, 0);
  for (const p of collidingPrivateLines(m, 1, L, m.l2.sets, m.l2.ways)) m.touchPrivate(1, p);
  const llcHits = m.stats.c.llcHits;
  out.llc = acc(m, 0, L, Access.Read, T) - T;
  out.llcHitCounted = m.stats.c.llcHits - llcHits;

  m = mk(cfg);
  out.dramLocal = acc(m, 0, L, Access.Read, T) - T;
  const remoteCpu = cfg.coresPerSocket; // first core of socket 1
  out.dramRemote = acc(m, remoteCpu, L + 1, Access.Read, T) - T;

  // Peer transfers: the line is M in another core; core 0 reads it (HITM).
  for (const [key, owner] of [['sameLlc', 1], ['crossLlc', cfg.coresPerLlc], ['crossSocket', cfg.coresPerSocket]] as const) {
    if (key === 'crossLlc' && cfg.coresPerLlc >= cfg.coresPerSocket) continue;
    m = mk(cfg);
    acc(m, owner, L, Access.Write, 0);
    out[key] = acc(m, 0, L, Access.Read, T) - T;
  }
  return out;
}

describe('110 latency boundaries (exact cycles)', () => {
  it('GIVEN Broadwell-EP (2.6 GHz) WHEN each placement is read THEN the hand-computed cycles', () => {
    // l1 4, l2 12 cycles; LLC 17.31 ns × 2.6 = 45; DRAM 95 ns → 247, 140 ns → 364;
    // transfer = c2c·GHz − wait, wait = rmw + k·rmw (a spinning CAS that hits is the whole
    // 19-cycle RMW, latency.ts); snoopLead 23 > rmw 19 → k = 1, wait = 19 + 19 = 38:
    // 45 × 2.6 − 38 = 79. Across sockets the snoop to a holder off the home socket comes
    // (128 − 45) × 2.6 / 2 = 108 cycles later: lead 131 → k = ⌈112 / 19⌉ = 6, wait
    // 19 + 114 = 133; averaged with the home-side 38 → 85.5: 128 × 2.6 − 85.5 = 247.3 → 247.
    const got = measure(profileConfig('broadwell-ep'));
    expect(got).toEqual({
      l1: 4, l2: 12, l1AfterL2: 4, llc: 45, llcHitCounted: 1, dramLocal: 247, dramRemote: 364, sameLlc: 79, crossSocket: 247,
    });
  });

  for (const name of listProfiles().map((p) => p.name)) {
    it(`GIVEN ${name} WHEN each placement is read THEN completion = issue + the profile's latency exactly`, () => {
      const cfg = profileConfig(name);
      const want = expectedLat(cfg);
      const got = measure(cfg);
      expect(got.l1).toBe(want.l1);
      expect(got.l1 - 1).not.toBe(want.l1); // boundary: not one cycle early
      expect(got.l2).toBe(want.l2);
      expect(got.l1AfterL2).toBe(want.l1);
      expect(got.llc).toBe(want.llc);
      expect(got.llcHitCounted).toBe(1);
      expect(got.dramLocal).toBe(want.dramLocal);
      expect(got.dramRemote).toBe(want.dramRemote);
      expect(got.sameLlc).toBe(want.sameLlc);
      expect(got.crossSocket).toBe(want.crossSocket);
      if (cfg.coresPerLlc < cfg.coresPerSocket) expect(got.crossLlc).toBe(want.crossLlc);
      // ordering sanity: each step away from the core costs more
      expect(want.l1).toBeLessThan(want.l2);
      expect(want.sameLlc).toBeLessThan(want.crossSocket);
      expect(want.dramLocal).toBeLessThan(want.dramRemote);
    });
  }
});
