/**
 * 302 — the shipped microbenchmarks against known numbers: the CAS ping-pong one-way
 * latency of every Intel server profile lands within 10 % of the profile's c2c median
 * (same socket and cross socket), and two threads RMW-ing one line are far slower than on
 * different 128-B pairs. Uses experiments/microbench.json's own workload block.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { programKind } from '../src/workload/program/kind.ts';
import { programSpec } from './helpers/program-spec.ts';
import { profileConfig } from './helpers/machine.ts';

const exp = JSON.parse(readFileSync(new URL('../experiments/microbench.json', import.meta.url), 'utf8'));
const INTEL = ['broadwell-ep', 'skylake-sp', 'cascade-lake-sp', 'ice-lake-sp', 'sapphire-rapids', 'emerald-rapids', 'granite-rapids'];
const metric = (scenario: string, profile: string, prefetch = 'off', name = 'ns_per_op') =>
  programKind.simulate(programSpec(exp.workload, scenario, { profile, prefetch })).runs[0]!.metrics[name]!;

describe('302 microbench: CAS ping-pong vs the profiles\' c2c medians', () => {
  for (const p of INTEL) {
    it(`GIVEN ${p} WHEN two threads CAS ping-pong on one socket and across sockets THEN one-way latency is within 10 % of c2c`, () => {
      const m = profileConfig(p, 'off');
      const same = metric('cas-pingpong-same-socket', p);
      const cross = metric('cas-pingpong-cross-socket', p);
      expect(Math.abs(same / m.c2cNs.sameLlc - 1)).toBeLessThan(0.10);
      expect(Math.abs(cross / m.c2cNs.crossSocket - 1)).toBeLessThan(0.10);
    });
  }
});

describe('302 microbench: same line vs same pair vs different pairs', () => {
  it('GIVEN broadwell-ep WHEN two threads lock-add one line THEN it is at least 5× slower than on different pairs', () => {
    const sameLine = metric('rmw-same-line', 'broadwell-ep', 'off', 'ops_per_s');
    const diffPairs = metric('rmw-different-pairs', 'broadwell-ep', 'off', 'ops_per_s');
    expect(diffPairs / sameLine).toBeGreaterThan(5);
  });

  it('GIVEN one writer and readers of a neighbouring field WHEN run THEN readers miss on the writer\'s invalidations (false sharing)', () => {
    const r = programKind.simulate(programSpec(exp.workload, 'writer-with-readers', { threads: 4 }));
    const pairs = r.runs[0]!.fieldPairs;
    const named = pairs.map((p) => `${r.sites[p.writerSite]!.field}->${r.sites[p.victimSite]!.field}`);
    expect(named).toContain('a->b');
  });
});
