/**
 * SCENARIO 118: a request of the core that already holds the line needs no snoop.
 * GIVEN the small test machine with SMT (L1 4 cycles, LLC 40 → snoop lead 20 cycles), a
 * word held M by a thread on core 1, a writer on core 2 that asks for it first, and two
 * SMT siblings A and B on core 0 that read it one and two cycles later, so both wait in
 * the line's FIFO (B's miss joins A's request: smtMissMerge),
 * WHEN the line arrives in their core for A,
 * THEN B's load is served with the fill, like a load that hits a fill buffer (it ends
 * within an L1 hit of A's), where with sameCoreAtFill: false (ablation) it waits a snoop
 * lead after the arrival as if it came from another core.
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

const LEAD = 20; // round(LLC 40 cycles / 2): latency.ts snoopLead
const L1 = 4;

/** End clocks of A and B (siblings on core 0) after the owner on core 1 stored the word. */
function siblingsRead(over: Partial<MachineConfig> = {}): { a: number; b: number } {
  const cfg = smallConfig({ smt: 2, ...over });
  const arena = new Arena(64), sites = new SiteTable();
  const o = arena.single('x', { name: 'x', size: 64, objectAlign: 64, typesafeByRcu: false, fields: [{ name: 'v', offset: 0, size: 8 }] }, 64);
  const ref = { obj: o, role: 'x', field: 'v' };
  const m = new Machine(cfg, { sharedLines: arena.sharedLines(), nSites: 8, check: true });
  const owner = new ProgramBuilder(sites).write(ref, 1).done().halt().build();
  const first = new ProgramBuilder(sites).stall(999).rmw(RmwFn.Add, ref, 1).done().halt().build();
  const reader = (at: number) => new ProgramBuilder(sites).stall(at).read(ref, 'v').done().halt().build();
  const sib = siblings(m)(0)[0]!;
  const res = runThreads(m, [{ cpu: 1, program: owner }, { cpu: 2, program: first }, { cpu: 0, program: reader(1000) }, { cpu: sib, program: reader(1001) }],
    { seed: 1, warmupOps: 0, smtWorkFactor: 1, siblingsOf: siblings(m) });
  return { a: res[2]!.tEnd, b: res[3]!.tEnd };
}

describe('118 a same-core request is served at the fill', () => {
  it('GIVEN B\'s miss merged into A\'s WHEN the line arrives THEN B ends within an L1 hit of A', () => {
    const { a, b } = siblingsRead();
    expect(a).toBeGreaterThan(1000 + LEAD); // A paid a transfer
    expect(b - a).toBeGreaterThanOrEqual(0);
    expect(b - a).toBeLessThanOrEqual(L1);
  });

  it('GIVEN the ablation (sameCoreAtFill: false) THEN B waits a snoop lead after the arrival', () => {
    const { a, b } = siblingsRead({ sameCoreAtFill: false });
    expect(b - a).toBeGreaterThanOrEqual(LEAD - L1);
    expect(siblingsRead().a).toBe(a); // A's own miss is the same either way
  });
});
