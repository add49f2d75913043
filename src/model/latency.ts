/**
 * Latencies in core cycles, precomputed from the profile (ns × GHz for anything that
 * leaves the core, cpu-facts.md convention). Transfer latency between two cores depends
 * on their distance: same LLC domain, other domain on the socket (AMD CCX), other socket.
 */
import type { MachineConfig } from './machine-config.ts';
import type { Topology } from './topology/topology.ts';
import { Src } from './vocab.ts';

export interface Latencies {
  l1: number;
  l2: number;
  llc: number;
  /** cycles a locked RMW holds a line that arrived for it (a miss or an upgrade): the whole RMW */
  rmw: number;
  /** cycles a locked RMW that hit in the private cache holds the line after its load's hit latency */
  rmwHit: number;
  dramLocal: number;
  dramRemote: number;
  /** peer-to-peer transfer cycles, nCores × nCores */
  xfer: Float64Array;
  /** Src code of a transfer between two cores, nCores × nCores */
  xferSrc: Uint8Array;
  /** invalidation-ack cycles for a sharer at that distance, nCores × nCores */
  inval: Float64Array;
  /** mean cycles from a line's arrival at a core until a forwarded snoop reaches it */
  snoopLead: number;
  /** the same by home slice and core: leadBySlice[slice * slices + position of the core in its LLC domain] */
  leadBySlice: Float64Array;
  /** LLC slices per domain (one per core); a line's home slice is a hash of its number */
  slices: number;
  /** position of each core in its LLC domain's ring */
  slicePos: Int32Array;
  /** extra cycles a snoop from requester core r needs to reach holder core h (another domain or socket): [r * nCores + h] */
  leadExtra: Float64Array;
}

/**
 * The forwarded snoop's last hop from the line's home slice to the new holder, by their
 * distance on the domain's bidirectional ring (a mesh is treated as one): the LLC round
 * trip spreads by sliceSpreadCycles between the nearest and the farthest slice, so the
 * one-way hop spreads by half that around the mean snoopLead [M from the profile].
 */
function leadTable(snoopLead: number, slices: number, spreadCycles: number): Float64Array {
  const t = new Float64Array(slices * slices);
  const maxD = Math.floor(slices / 2);
  let mean = 0;
  const dist = (a: number, b: number) => { const d = Math.abs(a - b); return Math.min(d, slices - d); };
  for (let s = 0; s < slices; s++) for (let p = 0; p < slices; p++) mean += dist(s, p);
  mean /= slices * slices;
  for (let s = 0; s < slices; s++) {
    for (let p = 0; p < slices; p++) {
      const off = maxD > 0 ? ((dist(s, p) - mean) / maxD) * (spreadCycles / 2) : 0;
      t[s * slices + p] = Math.max(1, Math.round(snoopLead + off));
    }
  }
  return t;
}

/** Home slice of a line: a multiplicative hash (Intel hashes addresses over slices). */
export function homeSlice(line: number, slices: number): number {
  return (Math.imul(line, 0x9e3779b1) >>> 16) % slices;
}

export function buildLatencies(m: MachineConfig, topo: Topology, homeSocket = 0): Latencies {
  const f = m.freqGHz;
  // The profile's rmwCycles is the whole uncontended locked RMW on an L1-resident line
  // (uops.info's latency of back-to-back `lock inc` / `lock cmpxchg`; the probe's "lock add
  // on one core"), its load included. A hit is charged its L1 latency first, so it then
  // holds the line for the rest (rmwHit). A locked load that missed re-executes once the
  // line has arrived, so after an arrival the whole RMW follows (rmw).
  const rmw = m.rmwCycles;
  const rmwHit = Math.max(1, rmw - m.l1d.latCycles);
  const llc = Math.round(m.llc.latNs * f);
  // A forwarded snoop's last hop, from the home (LLC slice) to the holder core, is about
  // half the core↔LLC round trip [M from the profile's LLC latency]: the arbiter's window
  // in which a core that just received a line keeps it (arbiter.ts).
  const snoopLead = Math.round(llc / 2);
  // NOTE: the profiles' c2c numbers are one-way CAS ping-pong latencies (RTT/2,
  // nviennot cas.rs): both threads spin with lock cmpxchg. Under the arbiter's rule the
  // waiter's request runs at the end of the first hold of the holder that ends after the
  // snoop is due (snoopLead after the line arrived): the holder's successful CAS holds it
  // rmw cycles, and each of its next spinning CASes issued before the snoop is due is an
  // L1 hit that holds it l1 + rmwHit = rmw more. So one-way = transfer + wait, with
  // wait = rmw + k·rmw, k = the spinning CASes issued before the snoop is due;
  // the pure line-transfer latency is c2c − wait. Derived from the benchmark's definition
  // and the arbiter's rule, not fitted; test/302 checks the result.
  // Under 'coin' arbitration (ablation) the holder runs on average one more failing CAS
  // (geometric, p = 1/2) before the waiter wins: wait = 2·rmw + l1.
  //
  // A snoop that crosses the inter-socket link, or the fabric between LLC domains, reaches
  // the holder later: one way, half the extra round trip that the profile's c2c shows for
  // that distance [M]: (c2c(distance) − c2c(same LLC)) / 2. Across sockets, that is when a
  // requester on the other socket waits for a holder away from the line's home socket:
  // its request is queued at the home agent, whose snoop then crosses the link (a holder
  // on the home socket is snooped locally; requesters on the holder's socket are served by
  // the local LLC). Between LLC domains of one socket (AMD CCXs) every snoop comes from
  // the fabric's home. The transfer is what remains of the c2c after the holder's wait,
  // averaged over the two directions of a ping-pong.
  const coin = m.arbitration === 'coin';
  const step = m.l1d.latCycles + rmwHit;
  const extraFor = (ns: number) => (coin || m.snoopLeadTopology === false ? 0 : Math.max(0, Math.round(((ns - m.c2cNs.sameLlc) * f) / 2)));
  const waitFor = (lead: number) => {
    const k = lead > rmw ? Math.ceil((lead - rmw) / step) : 0;
    return coin ? 2 * rmw + m.l1d.latCycles : rmw + k * step;
  };
  const x = (ns: number, extraAB: number, extraBA: number) =>
    Math.max(m.l2.latCycles, Math.round(ns * f - (waitFor(snoopLead + extraAB) + waitFor(snoopLead + extraBA)) / 2));
  const home = (c: number) => topo.socketOfCore[c] === homeSocket;
  const n = topo.nCores;
  const xfer = new Float64Array(n * n), xferSrc = new Uint8Array(n * n), inval = new Float64Array(n * n), leadExtra = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const i = a * n + b;
      if (a === b) { xfer[i] = m.l1d.latCycles; xferSrc[i] = Src.Sibling; inval[i] = 0; }
      else if (topo.socketOfCore[a] !== topo.socketOfCore[b]) {
        const e = extraFor(m.c2cNs.crossSocket);
        leadExtra[i] = home(b) ? 0 : e; // requester a, holder b
        xfer[i] = x(m.c2cNs.crossSocket, home(b) ? 0 : e, home(a) ? 0 : e); xferSrc[i] = Src.PeerRemote; inval[i] = xfer[i]!;
      } else if (topo.domainOfCore[a] !== topo.domainOfCore[b]) {
        leadExtra[i] = extraFor(m.c2cNs.crossLlc);
        xfer[i] = x(m.c2cNs.crossLlc, leadExtra[i]!, leadExtra[i]!); xferSrc[i] = Src.PeerCrossLlc; inval[i] = xfer[i]!;
      } else {
        // Invalidating a clean copy inside the domain costs an LLC/snoop-filter round trip.
        xfer[i] = x(m.c2cNs.sameLlc, 0, 0); xferSrc[i] = Src.PeerLocal; inval[i] = llc;
      }
    }
  }
  return {
    l1: m.l1d.latCycles, l2: m.l2.latCycles, llc, rmw, rmwHit,
    dramLocal: Math.round(m.dramNs.local * f), dramRemote: Math.round(m.dramNs.remote * f),
    xfer, xferSrc, inval, snoopLead,
    leadBySlice: leadTable(snoopLead, m.coresPerLlc, m.llc.sliceSpreadCycles ?? 0),
    slices: m.coresPerLlc,
    slicePos: Int32Array.from({ length: n }, (_, c) => c % m.coresPerLlc),
    leadExtra,
  };
}
