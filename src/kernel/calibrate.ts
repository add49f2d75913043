/**
 * Calibration of the per-fault private work (model-notes §2.7): run pft with one thread
 * and no private work, measure the modelled cycles per fault C0 (the VMA/lock accesses
 * and the cache footprint), and set privateWorkCycles = GHz·1e9 / target − C0 so the
 * single-thread rate equals the published one. Done once per profile; then held fixed
 * across layouts, prefetch settings and thread counts.
 */
import type { MachineConfig } from '../model/machine-config.ts';
import type { ResolvedLayout } from '../model/point-spec.ts';
import { simulatePft } from './pft.ts';

export interface CalibrationResult {
  modelledCyclesPerFault: number;
  targetFaultsPerSec: number;
  privateWorkCycles: number;
}

export function calibratePft(machine: MachineConfig, layouts: Record<string, ResolvedLayout>, targetFaultsPerSec: number): CalibrationResult {
  const run = simulatePft({
    experiment: 'calibrate', coords: {}, machine, layouts, params: {}, threads: 1, iterations: 1, seed: 1, check: false,
    // no private work, so no exception gap to take out of it (the gap moves work, it adds none)
    workload: { kind: 'pft', faultsPerThread: 200, warmupFaults: 20, jitter: 0, privateWorkCycles: 1e-9, exceptionCycles: 0 },
  });
  const fpc = run.runs[0]!.metrics.faults_per_cpu!;
  const hz = machine.freqGHz * 1e9;
  const c0 = hz / fpc;
  return { modelledCyclesPerFault: c0, targetFaultsPerSec, privateWorkCycles: Math.round(hz / targetFaultsPerSec - c0) };
}
