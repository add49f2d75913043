/**
 * SCENARIO: x86-TSO litmus tests through the run loop (store buffers, drainers, arbiter).
 * GIVEN a small 2×3-core machine with an 8-entry store buffer per core,
 * WHEN two threads run each litmus test after seeded random delays, over many seeds,
 * THEN store buffering (SB) shows its allowed relaxed outcome r0=r1=0 with plain stores,
 * never with locked stores (xchg) or an mfence between, and message passing (MP) and
 * load buffering (LB) never show their forbidden outcomes. `npm run litmus` runs 10^5
 * seeds of each; here 3000 keep the suite fast.
 */
import { describe, expect, it } from 'vitest';
import { ALLOWED, LITMUS, RELAXED, runLitmus } from '../src/workload/testing/litmus.ts';
import { smallConfig } from './helpers/machine.ts';

const RUNS = 3000;
const cfg = { ...smallConfig(), storeBuffer: { entries: 8, merge: true, storeCycles: 1 } };

describe('150 x86-TSO litmus', () => {
  for (const test of LITMUS) {
    const [a, b] = RELAXED[test];
    it(`GIVEN ${test} over ${RUNS} seeds THEN r0=${a}, r1=${b} ${ALLOWED[test] ? 'appears (allowed)' : 'never appears (forbidden)'}`, () => {
      const out = runLitmus(test, cfg, RUNS);
      const n = out.get(`${a},${b}`) ?? 0;
      if (ALLOWED[test]) expect(n, `outcomes ${[...out.entries()].join(' ')}`).toBeGreaterThan(0);
      else expect(n, `outcomes ${[...out.entries()].join(' ')}`).toBe(0);
      expect(out.size, 'the delays interleave the threads in more than one way').toBeGreaterThan(1);
    });
  }
  it('GIVEN SB without a store buffer THEN the relaxed outcome never appears (sequentially consistent)', () => {
    const out = runLitmus('SB', smallConfig(), 1000);
    expect(out.get('0,0') ?? 0).toBe(0);
  });
});
