/**
 * SCENARIO 116: a memory stall is not execution. Two SMT siblings both busy: `work`
 * cycles stretch by the profile's smtWorkFactor (they share the core's pipelines), a
 * `stall` (a dependent DRAM miss the model does not simulate line by line) takes its
 * cycles as they are; alone on the core the two are the same. A sibling in a PAUSE
 * spin-wait (spinHint) does not stretch the other's work. The profile switches
 * smtSpinYields: false and smtStretchesStalls: true (ablations) undo each rule.
 */
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/model/machine.ts';
import { ProgramBuilder } from '../src/workload/builder.ts';
import { runThreads } from '../src/workload/run-threads.ts';
import { SiteTable } from '../src/workload/sites.ts';
import { siblings } from '../src/workload/collect.ts';
import { smallConfig } from './helpers/machine.ts';
import type { MachineConfig } from '../src/model/machine-config.ts';

function endClock(kind: 'work' | 'stall', withSibling: boolean, siblingSpins = false, over: Partial<MachineConfig> = {}): number {
  const cfg = smallConfig({ smt: 2, smtWorkFactor: 1.5, ...over });
  const m = new Machine(cfg, { sharedLines: 1, nSites: 0 });
  const sites = new SiteTable();
  // one stall cycle first, so the sibling has started (and given its hint) when the measured op runs
  const main = new ProgramBuilder(sites).stall(1)[kind](1000).done().halt().build();
  const busy = (siblingSpins ? new ProgramBuilder(sites).spinHint(true) : new ProgramBuilder(sites)).work(5000).done().halt().build();
  const sib = siblings(m)(0)[0]!;
  const threads = [{ cpu: 0, program: main }, ...(withSibling ? [{ cpu: sib, program: busy }] : [])];
  return runThreads(m, threads, { seed: 1, warmupOps: 0, smtWorkFactor: cfg.smtWorkFactor, siblingsOf: siblings(m) })[0]!.tEnd;
}

describe('116 stall vs work under SMT', () => {
  it('GIVEN a busy sibling WHEN work(1000) THEN 1500 cycles; WHEN stall(1000) THEN 1000 (after a 1-cycle lead)', () => {
    expect(endClock('work', true)).toBe(1501);
    expect(endClock('stall', true)).toBe(1001);
  });
  it('GIVEN a sibling in a PAUSE spin-wait WHEN work(1000) THEN 1000 cycles', () => {
    expect(endClock('work', true, true)).toBe(1001);
  });
  it('GIVEN the ablation switches WHEN the spinning sibling stretches (smtSpinYields false) or stalls stretch (smtStretchesStalls) THEN 1500', () => {
    expect(endClock('work', true, true, { smtSpinYields: false })).toBe(1501);
    expect(endClock('stall', true, false, { smtStretchesStalls: true })).toBe(1501.5); // the 1-cycle lead stretches too
  });
  it('GIVEN an idle sibling THEN work and stall both take 1000 cycles', () => {
    expect(endClock('work', false)).toBe(1001);
    expect(endClock('stall', false)).toBe(1001);
  });
});
