/**
 * SCENARIO: property-based fuzzing of every loader (quick budget; `npm run fuzz` runs the
 * long one and prints counts). GIVEN mutated real inputs (experiments, program workloads,
 * CPU profiles, layout JSON, pahole text, CLI flags) WHEN loaded THEN each is accepted or
 * rejected with one InputError whose CLI line is a single line — never another exception
 * and never over 5 s (a hang detector, not a speed claim).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatInputError, type InputError } from '../src/util/errors.ts';
import { runOne, TARGETS } from './fuzz/targets.ts';

const QUICK_RUNS = 150;

describe('921 fuzz the loaders (quick budget)', () => {
  for (const t of TARGETS) {
    it(`GIVEN ${QUICK_RUNS} mutated ${t.name} inputs WHEN loaded THEN accepted or one InputError, none over 5 s`, async () => {
      const counts = { accepted: 0, rejected: 0 };
      for (const input of fc.sample(t.arb, { numRuns: QUICK_RUNS, seed: 921 })) {
        const o = await runOne(t, input);
        expect(o.kind, `${t.name} crashed on ${t.show(input).slice(0, 300)}: ${String((o.error as Error)?.stack ?? o.error)}`).not.toBe('crash');
        expect(o.ms).toBeLessThan(5000);
        if (o.kind === 'rejected') expect(formatInputError(o.error as InputError)).not.toContain('\n');
        counts[o.kind as 'accepted' | 'rejected']++;
      }
      expect(counts.accepted + counts.rejected).toBe(QUICK_RUNS);
    }, 60_000);
  }

  it('GIVEN a loader that throws a TypeError WHEN fuzzed THEN the harness reports a crash (the property can fail)', async () => {
    const o = await runOne({ name: 'broken', arb: fc.constant(1), show: String, run: () => { (undefined as unknown as { x: number }).x; } }, 1);
    expect(o.kind).toBe('crash');
  });
});
