/**
 * SCENARIO: the snoop filter end to end, from a profile override through the `program`
 * workload and the thread runner to the result counters.
 * GIVEN skylake-sp and one thread that reads 40 objects of one line each (40 shared
 * lines), three times over,
 * WHEN the socket's SF is overridden to 1 set × 28 ways (entriesPerCore 1 × 28 cores),
 * THEN the cyclic sweep overflows it: SF back-invalidations and re-read misses in every
 * pass; WHEN the shipped SF (28 × 24576 entries) is used THEN 0 back-invalidations and
 * only the first pass misses. Checked mode holds throughout.
 */
import { describe, expect, it } from 'vitest';
import { applyOverrides, applyPrefetchSetting, loadProfile, toMachineConfig } from '../src/profile/index.ts';
import { programKind } from '../src/workload/program/kind.ts';
import type { PointSpec } from '../src/workload/point-spec.ts';

const N = 40, PASSES = 3;
const workload = {
  kind: 'program',
  objects: { o: { size: 64, align: 64, count: N, fields: { a: [0, 8] } } },
  scenarios: [{
    name: 'sweep',
    roles: [{ name: 'reader', count: 1, program: [
      { repeat: PASSES, body: [...Array.from({ length: N }, (_, i) => ({ read: `o[${i}].a` })), { done: true }] },
    ] }],
  }],
};

function run(overrides?: unknown) {
  let p = loadProfile('skylake-sp');
  if (overrides) p = applyOverrides(p, overrides, 'test');
  const spec: PointSpec = {
    experiment: 'test', coords: { scenario: 'sweep' }, workload,
    machine: applyPrefetchSetting(toMachineConfig(p), 'none'),
    layouts: {}, params: {}, threads: 1, iterations: 1, seed: 7, check: true,
  };
  return programKind.simulate(spec).runs[0]!.counters;
}

describe('131 snoop filter through the program workload', () => {
  it(`GIVEN a 1×28 SF override WHEN one thread sweeps ${N} lines ${PASSES}× THEN SF conflicts and every pass misses`, () => {
    const c = run({ llc: { snoopFilter: { entriesPerCore: 1, ways: 28 } } });
    expect(c.accesses).toBe(N * PASSES);
    // LRU with a cyclic sweep over more lines than ways: every fill after the first 28 evicts.
    expect(c.sfBackInvalidations).toBe(N * PASSES - 28);
    expect(c.misses).toBe(N * PASSES);
  });

  it(`GIVEN the shipped skylake-sp SF WHEN the same sweep runs THEN 0 SF back-invalidations and only the first pass misses`, () => {
    const c = run();
    expect(c.sfBackInvalidations).toBe(0);
    expect(c.misses).toBe(N);
    expect(c.l1Hits + c.l2Hits).toBe(N * (PASSES - 1));
  });

  it('GIVEN the filter overridden to "none" WHEN the same sweep runs THEN the same as a large filter', () => {
    const c = run({ llc: { snoopFilter: 'none' } });
    expect(c.sfBackInvalidations).toBe(0);
    expect(c.misses).toBe(N);
  });
});
