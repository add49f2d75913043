/**
 * Small machines for engine tests: a hand-made MachineConfig with round numbers at
 * 1 GHz (so ns = cycles) and tiny caches whose sets are easy to fill on purpose,
 * plus helpers to find lines that collide in a given cache set.
 */
import { Machine } from '../../src/model/machine.ts';
import type { MachineConfig } from '../../src/model/machine-config.ts';
import type { MachineOptions } from '../../src/model/machine.ts';
import { Access } from '../../src/model/vocab.ts';
import { loadProfile, toMachineConfig, applyPrefetchSetting } from '../../src/profile/index.ts';

/** KiB for a cache of `sets` × `ways` lines of 64 B (fractional KiB is fine: the engine floors lines). */
export const kibFor = (sets: number, ways: number, lineBytes = 64) => (sets * ways * lineBytes) / 1024;

/**
 * 2 sockets × 3 cores, no SMT, one LLC domain per socket. Latencies (cycles):
 * L1 4, L2 12, LLC 40, DRAM 100/160, c2c 60 ns same socket → transfer 60−20 = 40,
 * 150 ns cross socket → 130, RMW 20. L1 2 sets×2 ways, L2 4×2, LLC 8×2 per domain.
 */
export function smallConfig(over: Partial<MachineConfig> = {}): MachineConfig {
  return {
    name: 'test-small',
    freqGHz: 1,
    lineBytes: 64,
    sockets: 2,
    coresPerSocket: 3,
    smt: 1,
    coresPerLlc: 3,
    l1d: { kib: kibFor(2, 2), ways: 2, latCycles: 4 },
    l2: { kib: kibFor(4, 2), ways: 2, latCycles: 12 },
    llc: { kib: kibFor(8, 2), ways: 2, latNs: 40, inclusive: true },
    c2cNs: { smt: 5, sameLlc: 60, crossLlc: 60, crossSocket: 150 },
    dramNs: { local: 100, remote: 160 },
    rmwCycles: 20,
    pauseCycles: 10,
    prefetch: { kind: 'none', pairBytes: 128, buddyRequest: 'mirror', onOwned: 'steal' },
    smtWorkFactor: 1,
    calibration: {},
    ...over,
  };
}

export function smallMachine(over: Partial<MachineConfig> = {}, opts: Partial<MachineOptions> = {}): Machine {
  return new Machine(smallConfig(over), { sharedLines: 64, nSites: 8, check: true, ...opts });
}

/** A shipped profile as a MachineConfig with a prefetch setting ('off' by default). */
// Default 'none': engine tests want no prefetcher at all (not even the DCU and streamer 'off' keeps).
export function profileConfig(name: string, prefetch = 'none'): MachineConfig {
  return applyPrefetchSetting(toMachineConfig(loadProfile(name)), prefetch);
}

/** Byte address of a shared line. */
export const addrOf = (m: Machine, line: number) => line * m.cfg.lineBytes;

/** `n` private lines of `cpu` that map to the same set as `line` in a cache of `sets` sets. */
export function collidingPrivateLines(m: Machine, cpu: number, line: number, sets: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; out.length < n; k++) {
    const p = m.privateLine(cpu, k);
    if (p % sets === line % sets) out.push(p);
  }
  return out;
}

/**
 * Evict `line` from `cpu`'s L1 only (its L2 copy stays): touch private lines in the
 * same L1 set but another L2 set (so the L2 copy and, by set-index arithmetic, the LLC
 * copy are left alone).
 */
export function evictFromL1(m: Machine, cpu: number, line: number): void {
  const core = m.topo.coreOfCpu[cpu]!;
  const l1 = m.l1, l2 = m.l2;
  let n = 0;
  for (let k = 0; n < l1.ways; k++) {
    const p = m.privateLine(cpu, k);
    if (p % l1.sets === line % l1.sets && p % l2.sets !== line % l2.sets) { m.touchPrivate(cpu, p); n++; }
  }
  if (l1.find(core, line) >= 0) throw new Error(`evictFromL1: line ${line} still in L1 of core ${core}`);
}

/** Demand-access shorthand returning the completion cycle. */
export function acc(m: Machine, cpu: number, line: number, kind: Access, now: number, site = 0): number {
  return m.access(cpu, addrOf(m, line), kind, site, now);
}

/**
 * The expected latencies from the profile alone, recomputed here (not imported from
 * src/model/latency.ts) so a change there must be matched on purpose. Transfer =
 * c2c·GHz − 2·rmw − l1 (CAS ping-pong decomposition, NOTE in latency.ts), at least L2.
 */
export function expectedLat(c: MachineConfig) {
  const f = c.freqGHz;
  // transfer = c2c·GHz − wait; wait = rmw + k·step, k = the holder's spinning CASes issued
  // before the waiter's snoop is due (snoopLead = LLC/2 after arrival), each an L1 hit that
  // takes its L1 latency and then holds the line for the rest of the RMW, so a step is the
  // whole RMW (at least L1 + 1): latency.ts.
  // A snoop across the socket link (holder off the home socket 0) or between LLC domains
  // comes (c2c(d) − c2c(same LLC))·GHz/2 later; a cross-socket ping-pong averages both directions.
  const lead = Math.round(Math.round(c.llc.latNs * f) / 2), step = c.l1d.latCycles + Math.max(1, c.rmwCycles - c.l1d.latCycles);
  const wait = (ld: number) => c.rmwCycles + (ld > c.rmwCycles ? Math.ceil((ld - c.rmwCycles) / step) : 0) * step;
  const extra = (ns: number) => Math.max(0, Math.round(((ns - c.c2cNs.sameLlc) * f) / 2));
  const xfer = (ns: number, w: number) => Math.max(c.l2.latCycles, Math.round(ns * f - w));
  return {
    l1: c.l1d.latCycles, l2: c.l2.latCycles, llc: Math.round(c.llc.latNs * f),
    dramLocal: Math.round(c.dramNs.local * f), dramRemote: Math.round(c.dramNs.remote * f),
    sameLlc: xfer(c.c2cNs.sameLlc, wait(lead)),
    crossLlc: xfer(c.c2cNs.crossLlc, wait(lead + extra(c.c2cNs.crossLlc))),
    crossSocket: xfer(c.c2cNs.crossSocket, (wait(lead + extra(c.c2cNs.crossSocket)) + wait(lead)) / 2),
  };
}
