/**
 * SCENARIO 137 (issue 13): remote waiter first. When a contended line is granted to a
 * thread on socket S and the FIFO holds S's own waiters before a waiter on another
 * socket, the remote waiter is served next (its request reached the home over the socket
 * link; the home's snoop goes before S's conflicting local requests). A merged SMT sibling
 * of the served thread keeps its place; on one socket, and with `remoteFirst: false`, the
 * FIFO order stands. The machine passes the socket map only when the profile leaves
 * `remoteFirst` on.
 */
import { describe, expect, it } from 'vitest';
import { Arbiter, GO, QUEUED, REQUEUE } from '../src/model/arbiter.ts';
import { Machine } from '../src/model/machine.ts';
import { Stats } from '../src/model/stats.ts';
import { profileConfig } from './helpers/machine.ts';

// 2 sockets × 2 cores × 2 SMT: cores 0, 1 on socket 0, cores 2, 3 on socket 1; cpu c+4 is cpu c's sibling.
const coreOfCpu = Int32Array.from([0, 1, 2, 3, 0, 1, 2, 3]);
const socketOfCore = Int32Array.from([0, 0, 1, 1]);

/** Thread 0 (cpu 0) heads the FIFO of line 0; threads 1.. queue on `cpus` in that order. Who follows thread 0? */
function nextAfterHead(cpus: number[], remoteFirst: boolean): number {
  const arb = new Arbiter(2, new Stats(2, 1, 8, 4), 10, false, coreOfCpu, true, new Float64Array(0), 0,
    remoteFirst ? socketOfCore : new Int32Array(0));
  arb.threads(1 + cpus.length);
  arb.occupy(0, 100);
  expect(arb.admit(0, 0, 0, 0, false)).toBe(REQUEUE);
  cpus.forEach((cpu, i) => expect(arb.admit(i + 1, cpu, 1 + i, 0, false)).toBe(QUEUED));
  expect(arb.admit(0, 0, 100, 0, false)).toBe(GO);
  return arb.woken;
}

describe('137 remote waiter first', () => {
  it('GIVEN a local waiter queued before a remote one WHEN the head is served THEN the remote one is next', () => {
    expect(nextAfterHead([1, 2], true)).toBe(2);
  });
  it('GIVEN remoteFirst off THEN the FIFO order stands', () => {
    expect(nextAfterHead([1, 2], false)).toBe(1);
  });
  it('GIVEN only local waiters THEN the FIFO order stands', () => {
    expect(nextAfterHead([1, 5], true)).toBe(1);
  });
  it('GIVEN the head\'s SMT sibling merged behind it THEN the sibling keeps its place', () => {
    // thread 2 on cpu 4 (core 0, the head's core) merges right behind the head
    expect(nextAfterHead([2, 4], true)).toBe(2);
  });
  it('GIVEN the moved waiter WHEN the rest are served THEN the skipped local waiter follows and none is lost', () => {
    const arb = new Arbiter(2, new Stats(2, 1, 8, 4), 10, false, coreOfCpu, true, new Float64Array(0), 0, socketOfCore);
    arb.threads(4);
    arb.occupy(0, 100);
    arb.admit(0, 0, 0, 0, false);
    arb.admit(1, 1, 1, 0, false); // local
    arb.admit(2, 5, 2, 0, false); // local (core 1's sibling cpu)
    arb.admit(3, 2, 3, 0, false); // remote
    const order: number[] = [];
    let id = 0, clock = 100;
    for (;;) {
      expect(arb.admit(id, [0, 1, 5, 2][id]!, clock, 0, false)).toBe(GO);
      if (arb.woken < 0) break;
      id = arb.woken; order.push(id); clock += 10;
    }
    // after 0 (socket 0) comes 3 (socket 1); after 3 the FIFO has only socket-0 waiters: 1, then 2
    expect(order).toEqual([3, 1, 2]);
    expect(arb.stillWaiting()).toBeNull();
  });
  it('GIVEN the shipped Broadwell-EP profile THEN remote-first is on; GIVEN remoteFirst false THEN off', () => {
    const on = new Machine(profileConfig('broadwell-ep'), { sharedLines: 4, nSites: 1 });
    const off = new Machine({ ...profileConfig('broadwell-ep'), remoteFirst: false }, { sharedLines: 4, nSites: 1 });
    const socketsOf = (m: Machine) => (m.arb as unknown as { socketOfCore: Int32Array }).socketOfCore.length;
    expect(socketsOf(on)).toBe(28);
    expect(socketsOf(off)).toBe(0);
  });
});
