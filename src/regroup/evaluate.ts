/**
 * The model in the loop: a layout's score is pft cycles per fault (CPU clock / faults_per_cpu
 * Hmean) at the chosen thread count, averaged over the slab slots given (the 128-B pair
 * phase of a 3-line object alternates between neighbouring slots, so a layout tuned for
 * one slot alone could exploit an idle neighbour), then the worst (or a weighted mean)
 * across profiles. Runs in-process: one point is a few hundred ms at 56 threads.
 */
import { simulatePft } from '../kernel/pft.ts';
import type { PointResult } from '../experiment/result-types.ts';
import type { MachineConfig } from '../model/machine-config.ts';
import type { ResolvedLayout } from '../workload/point-spec.ts';
import { hmean } from '../report/stats.ts';
import { programKind } from '../workload/program/kind.ts';

export interface EvalSettings {
  profiles: Array<{ label: string; machine: MachineConfig }>;
  /** weights per profile (weighted mean); undefined → worst case */
  weights?: number[];
  threads: number;
  slots: number[];
  seed: number;
  extra: { vma_lock: ResolvedLayout; mm_struct: ResolvedLayout };
  /**
   * A program workload instead of pft: its object with "layout": "$layout" takes the
   * candidate; `extra` holds the other objects' named layouts. Scored as cycles per op
   * (CPU clock / Hmean ops_per_cpu_s), first scenario; slots and run lengths other than
   * iterations do not apply (the program sets its own repeat counts).
   */
  program?: { block: { kind: string }; scenario: string; extra: Record<string, ResolvedLayout> };
}

export interface RunLength {
  faults: number;
  warmup: number;
  iterations: number;
}

export interface Score {
  /** combined cycles per fault (lower is better) */
  score: number;
  perProfile: Array<{ profile: string; cyclesPerFault: number; faultsPerCpu: number }>;
  /** the first point's result (its sites name what the paths touch) */
  sample: PointResult;
}

export function evaluateLayout(layout: ResolvedLayout, s: EvalSettings, len: RunLength): Score {
  const perProfile: Score['perProfile'] = [];
  let sample: PointResult | undefined;
  for (const p of s.profiles) {
    const cyc: number[] = [];
    const fpc: number[] = [];
    if (s.program) {
      const r = programKind.simulate({
        experiment: 'regroup', coords: { layout: layout.name, profile: p.label, threads: s.threads, scenario: s.program.scenario },
        workload: s.program.block, machine: p.machine, layouts: { ...s.program.extra, main: layout }, params: {},
        threads: s.threads, iterations: len.iterations, seed: s.seed, check: false,
      });
      sample ??= r;
      const f = hmean(r.runs.map((x) => x.metrics.ops_per_cpu_s!));
      fpc.push(f);
      cyc.push((p.machine.freqGHz * 1e9) / f);
    }
    for (const slot of s.program ? [] : s.slots) {
      const r = simulatePft({
        experiment: 'regroup', coords: { layout: layout.name, profile: p.label, threads: s.threads, slabSlot: slot },
        workload: { kind: 'pft', faultsPerThread: len.faults, warmupFaults: len.warmup },
        machine: p.machine, layouts: { main: layout, ...s.extra }, params: { slabSlot: slot },
        threads: s.threads, iterations: len.iterations, seed: s.seed, check: false,
      });
      sample ??= r;
      const f = hmean(r.runs.map((x) => x.metrics.faults_per_cpu!));
      fpc.push(f);
      cyc.push((p.machine.freqGHz * 1e9) / f);
    }
    const mean = cyc.reduce((a, x) => a + x, 0) / cyc.length;
    perProfile.push({ profile: p.label, cyclesPerFault: mean, faultsPerCpu: (p.machine.freqGHz * 1e9) / mean });
  }
  const xs = perProfile.map((x) => x.cyclesPerFault);
  const score = s.weights
    ? xs.reduce((a, x, i) => a + x * s.weights![i]!, 0) / s.weights.reduce((a, w) => a + w, 0)
    : Math.max(...xs);
  return { score, perProfile, sample: sample! };
}
