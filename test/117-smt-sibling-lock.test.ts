/**
 * SCENARIO 117: a locked RMW's line is locked against the core's other hardware thread.
 * GIVEN two SMT siblings on one core (small test machine: L1 4 cycles, rmwCycles 20) and
 * one shared word, thread A taking it in M and then running a locked RMW that hits
 * (the line held from its L1 hit until the RMW ends, 20 cycles after it issued),
 * WHEN its sibling B issues a locked RMW or a plain store on the
 * same line one cycle before the lock ends, or at its end,
 * THEN B's access starts when the lock ends (issued at end−1: waits 1 cycle; at end: no
 * wait), where with smtSiblingWaitsForLock: false (ablation) it hits at once; a load of
 * B is not held off; a thread on another core is not concerned (it waits for the busy
 * line as before).
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import type { MachineConfig } from '../src/model/machine-config.ts';
import { Arena } from '../src/workload/arena.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { RmwFn } from '../src/workload/ir.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { siblings } from '../src/workload/collect.ts';
import { smallConfig } from './helpers/machine.ts';

const RMW = 20;
const LOCK_AT = 1000; // A's second locked RMW (a hit) issues here, long after its first (a DRAM miss), and ends at LOCK_AT + RMW

type Kind = 'rmw' | 'read' | 'store';

/** A: lock add x (a miss), stall to LOCK_AT, lock add x (a hit). B (its sibling, or `otherCore`): stall to `bAt`, then `kind` on x, then done. Returns B's completion clock and A's lock end. */
function race(bAt: number, kind: Kind, over: Partial<MachineConfig> = {}, otherCore = false): { bDone: number; lockEnd: number } {
  const cfg = smallConfig({ smt: 2, rmwCycles: RMW, ...over });
  const arena = new Arena(64), sites = new SiteTable();
  const o = arena.single('x', { name: 'x', size: 64, objectAlign: 64, typesafeByRcu: false, fields: [{ name: 'v', offset: 0, size: 8 }] }, 64);
  const ref = { obj: o, role: 'x', field: 'v' };
  const aProg = new ProgramBuilder(sites).rmw(RmwFn.Add, ref, 0);
  // A's first RMW is a miss: time it alone, then stall so that the measured one issues at LOCK_AT exactly
  const first = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: 8 });
  const probe = runThreads(first, [{ cpu: 0, program: new ProgramBuilder(sites).rmw(RmwFn.Add, ref, 0).done().halt().build() }], { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: siblings(first) });
  const missEnd = probe[0]!.tEnd;
  aProg.stall(LOCK_AT - missEnd).rmw(RmwFn.Add, ref, 1).done().halt();
  const b = new ProgramBuilder(sites).stall(bAt);
  if (kind === 'rmw') b.rmw(RmwFn.Add, ref, 1);
  else if (kind === 'read') b.read(ref, 'v');
  else b.write(ref, 7);
  const m = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: Math.max(1, sites.sites.length), check: true });
  const bCpu = otherCore ? 1 : siblings(m)(0)[0]!;
  const res = runThreads(m, [{ cpu: 0, program: aProg.build() }, { cpu: bCpu, program: b.done().halt().build() }], { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: siblings(m) });
  return { bDone: res[1]!.tEnd, lockEnd: res[0]!.tEnd };
}

describe('117 SMT sibling waits for a locked line', () => {
  it('GIVEN A\'s locked RMW hit WHEN it runs THEN it ends rmwCycles after it issued', () => {
    expect(race(5000, 'read').lockEnd).toBe(LOCK_AT + RMW);
  });

  it('GIVEN B\'s locked RMW issued at end−1 / end WHEN B is A\'s sibling THEN it starts at the lock\'s end (a hit: + rmwCycles)', () => {
    const end = LOCK_AT + RMW;
    expect(race(end - 1, 'rmw').bDone).toBe(end + RMW);
    expect(race(end, 'rmw').bDone).toBe(end + RMW);
    expect(race(LOCK_AT + 5, 'rmw').bDone).toBe(end + RMW);
  });

  it('GIVEN the ablation (smtSiblingWaitsForLock: false) WHEN B\'s locked RMW issues during the lock THEN it hits at once', () => {
    expect(race(LOCK_AT + 5, 'rmw', { smtSiblingWaitsForLock: false }).bDone).toBe(LOCK_AT + 5 + RMW);
  });

  it('GIVEN B\'s plain store (no store buffer on this machine) during the lock THEN it waits too, then hits', () => {
    expect(race(LOCK_AT + 5, 'store').bDone).toBe(LOCK_AT + RMW + 4);
    expect(race(LOCK_AT + 5, 'store', { smtSiblingWaitsForLock: false }).bDone).toBe(LOCK_AT + 5 + 4);
  });

  it('GIVEN B\'s load during the lock THEN it is not held off (an L1 hit)', () => {
    expect(race(LOCK_AT + 5, 'read').bDone).toBe(LOCK_AT + 5 + 4);
  });

  it('GIVEN B on another core WHEN its locked RMW issues during the lock THEN it waits for the busy line and a transfer, as before the rule', () => {
    const on = race(LOCK_AT + 5, 'rmw', {}, true).bDone, off = race(LOCK_AT + 5, 'rmw', { smtSiblingWaitsForLock: false }, true).bDone;
    expect(on).toBe(off);
    expect(on).toBeGreaterThan(LOCK_AT + RMW + RMW);
  });
});
