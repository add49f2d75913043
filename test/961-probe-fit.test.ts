/**
 * Fitting on a recorded probe (test/fixtures/probe/zen4-vm-2vcpu-full.json: a full run on
 * a 2-vCPU AMD EPYC family 25 model 17 KVM guest) and on small synthetic probes:
 * level latencies, nearest profile, store-buffer knee, shared-core warning, profile file.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fitProbe, storeBufferDepth, storeBufferKnee } from '../src/probe/fit.ts';
import { checkProbe } from '../src/probe/checks.ts';
import { nearestProfile, buildProfileFile } from '../src/probe/profile-out.ts';
import { ProbeSchema, stat, type Probe } from '../src/probe/schema.ts';
import { loadProfile, ProfileFileSchema } from '../src/profile/index.ts';
import { pingpongPairs, chaseSizes } from '../src/probe/plan.ts';
import { generateValidation } from '../src/probe/validate-gen.ts';
import { compareRows, verdicts } from '../src/probe/validate-compare.ts';
import { chooseCpus } from '../src/cli/probe.ts';
import { buildProbe } from '../src/probe/build.ts';
import { heatmapSpec } from '../src/probe/heatmap.ts';

const rec = (): Probe => ProbeSchema.parse(JSON.parse(readFileSync('test/fixtures/probe/zen4-vm-2vcpu-full.json', 'utf8')));

describe('961 probe fitting', () => {
  it('SCENARIO recorded Zen 4 VM probe GIVEN its chase curve WHEN fitted THEN each level reads the documented working set', () => {
    const p = rec();
    const f = fitProbe(p);
    // L1 32 KiB, L2 1 MiB, L3 32 MiB (sysfs): L1 = smallest set, L2 = largest ≤ 256 KiB, LLC = smallest ≥ 2 MiB, DRAM = largest ≥ 64 MiB
    expect([f.latency.l1?.kib, f.latency.l2?.kib, f.latency.llc?.kib, f.latency.dram?.kib]).toEqual([8, 256, 2048, 131072]);
    const at = (kib: number) => p.measurements.latency.find((x) => x.kib === kib)!.ns.min;
    expect(f.latency.l2?.ns).toBeCloseTo(at(256), 2);
    expect(f.coreGHz).toBeCloseTo(p.measurements.freq!.coreGHz.max, 2);
    expect(f.latency.l1?.cycles).toBeCloseTo(at(8) * f.coreGHz!, 1);
    expect(f.c2cNs['same-llc']).toBe(Number(p.measurements.pingpong[0]!.oneWayNs.min.toPrecision(3)));
    expect(f.storeBufferDepth).toBe(64);
  });

  it('SCENARIO nearest profile GIVEN CPUID family 25 model 17 WHEN matched THEN zen4-epyc; a masked model falls back to cache sizes', () => {
    const p = rec();
    expect(nearestProfile(p).name).toBe('zen4-epyc');
    const masked = { ...p, machine: { ...p.machine, model: 1234 } };
    expect(nearestProfile(masked).name).toMatch(/^zen4-epyc$/); // AMD with 32 KiB L1d / 1 MiB L2
    const intel = { ...p, machine: { ...p.machine, vendor: 'GenuineIntel', family: 6, model: 0x55, stepping: 7 } };
    expect(nearestProfile(intel).name).toBe('cascade-lake-sp');
  });

  it('SCENARIO profile file GIVEN the recorded probe WHEN built THEN it is schema-valid, extends zen4-epyc, tags [L] and keeps integer sizes', () => {
    const p = rec();
    const file = buildProfileFile(p, loadProfile('zen4-epyc'));
    expect(ProfileFileSchema.safeParse(file).success).toBe(true);
    expect(file.extends).toBe('zen4-epyc');
    const llc = file.llc as Record<string, { v: number; src: string }>;
    expect(llc.kibPerDomain!.v).toBe(32768);
    expect(llc.latCycles!.src).toMatch(/^\[L\] probe 2026-12-04 AMD EPYC: pointer chase 2048 KiB/);
    expect(file).not.toHaveProperty('sockets'); // topology stays the parent's
    expect(file.storeBuffer).toEqual({ entries: { v: 64, src: expect.stringMatching(/^\[L\] probe 2026-12-04 AMD EPYC: two independent misses/) } });
    expect(loadProfile('zen4-epyc').data.storeBuffer?.merge).toBe(true); // the rest is inherited
  });

  it('SCENARIO store-buffer knee GIVEN a clean step and a flat curve WHEN fitted THEN the step is found and flat gives null', () => {
    const pts = (f: (k: number) => number) => Array.from({ length: 20 }, (_, i) => ({ k: i * 4, nsPerIter: { min: f(i * 4) } }));
    expect(storeBufferKnee(pts((k) => (k < 44 ? 100 : 200)))).toBe(44);
    expect(storeBufferDepth(pts((k) => (k < 44 ? 100 : 200)))).toBe(40);
    expect(storeBufferKnee(pts((k) => (k === 12 ? 300 : k < 44 ? 100 : 200)))).toBe(44); // one noisy point is not the knee
    expect(storeBufferKnee(pts(() => 100))).toBeNull();
  });

  it('SCENARIO shared core / starved threads GIVEN equal same-line and padded rates, or a thread off-CPU WHEN checked THEN the probe warns; otherwise not', () => {
    const p = rec();
    const set = (same: number, far: number): Probe => ({ ...p, measurements: { ...p.measurements, contention: [
      { op: 'lockadd', stride: 8, threads: 2, pinned: true, perThreadOpsPerSec: stat([same]), cpuShare: stat([share]) },
      { op: 'lockadd', stride: 128, threads: 2, pinned: true, perThreadOpsPerSec: stat([far]), cpuShare: stat([1]) }], writerReaders: [] } });
    let share = 1;
    expect(checkProbe(set(2e8, 2.1e8)).join('\n')).toMatch(/probably share one physical core/);
    expect(checkProbe(set(2e7, 2.1e8)).join('\n')).not.toMatch(/share one physical core/);
    expect(checkProbe(set(2e7, 2.1e8)).join('\n')).not.toMatch(/less than 80 %/);
    share = 0.4;
    expect(checkProbe(set(2e7, 2.1e8)).join('\n')).toMatch(/1 contention measurement\(s\) had a thread running less than 80 % of the time \(worst: lockadd ×2 stride 8, 40 %\)/);
  });

  it('SCENARIO plan GIVEN a 192-CPU machine WHEN pairs are chosen THEN CPU 0 with every other plus a fixed sample of 48; quick stays small', () => {
    const cpus = Array.from({ length: 192 }, (_, i) => i);
    const full = pingpongPairs(cpus, false);
    expect(full.length).toBe(191 + 48);
    expect(pingpongPairs(cpus, false)).toEqual(full);
    expect(pingpongPairs(cpus, true).length).toBeLessThanOrEqual(8);
    expect(chaseSizes({ caches: [{ level: 1, type: 'Data', kib: 32, sharedCpus: [] }, { level: 2, type: 'Unified', kib: 1024, sharedCpus: [] }, { level: 3, type: 'Unified', kib: 32768, sharedCpus: [] }] }, true, 8e6))
      .toEqual([8, 256, 2048, 131072]);
  });

  it('SCENARIO validation cases GIVEN the recorded probe and model answers WHEN compared THEN ratios are model/measured per thread and verdicts name the worst case', () => {
    const p = rec();
    const prof = loadProfile('zen4-epyc');
    const { experiment, cases } = generateValidation(p, prof.file, prof.data);
    const names = (experiment.workload as { scenarios: Array<{ name: string }> }).scenarios.map((s) => s.name);
    expect(names).toContain('lockadd-x2-stride8');
    expect(names).toContain('c2c-same-llc');
    const rows = compareRows(cases, (s) => (s === 'lockadd-x2-stride8' ? 5 : 1));
    const r = rows.find((x) => x.name === '2 threads, stride 8' && x.shape === 'contention: lockadd')!;
    expect(r.modelNs).toBe(10); // ns_per_op × 2 threads
    expect(r.ratio).toBeCloseTo(10 / r.measuredNs, 6);
    const v = verdicts(rows).find((x) => x.shape === 'load-to-use latency')!;
    expect(v.verdict).toMatch(/cases within ×1.5/);
  });

  it('SCENARIO fewer cores than asked GIVEN --cpus naming offline or forbidden CPUs WHEN chosen THEN the rest is used and a note says so', () => {
    const notes: string[] = [];
    expect(chooseCpus([0, 1, 2, 3], [0, 1, 3], '0-3,8', notes)).toEqual([0, 1, 3]);
    expect(notes.join('\n')).toMatch(/may only run on CPUs 0,1,3/);
    expect(notes.join('\n')).toMatch(/asked for CPUs 2,8 which are offline or not allowed here; using 0,1,3/);
    expect(chooseCpus([0, 1], null, undefined, [])).toEqual([0, 1]);
  });

  it('SCENARIO no C compiler GIVEN $CC and PATH without cc or gcc WHEN building THEN one error naming the tools tried', () => {
    expect(() => buildProbe({ CC: '/nonexistent/cc', PATH: '/nonexistent' })).toThrow(/no C compiler found \(tried \/nonexistent\/cc, cc, gcc\); install gcc/);
  });

  it('SCENARIO heatmap GIVEN the recorded ping-pong pair WHEN specified THEN both orders carry the best repetition', () => {
    const p = rec();
    const values = (heatmapSpec(p) as unknown as { data: { values: Array<{ a: number; b: number; ns: number }> } }).data.values;
    const best = p.measurements.pingpong[0]!.oneWayNs.min;
    expect(values.map((v) => [v.a, v.b, v.ns])).toEqual([[0, 1, best], [1, 0, best]]);
  });
});
