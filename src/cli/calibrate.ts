/** `linesim calibrate pft`: set a profile's per-fault private work from a single-thread rate. */
import type { Command } from 'commander';
import { calibratePft } from '../kernel/calibrate.ts';
import { loadLayout, toResolvedLayout } from '../layout/registry.ts';
import { loadProfile, toMachineConfig } from '../profile/index.ts';
import { InputError } from '../util/errors.ts';

export function register(program: Command): void {
  program
    .command('calibrate')
    .description('Calibrate a workload constant of a profile from a measured single-thread rate.\n' +
      'pft: runs one thread with no private work on the given layout, measures the modelled\n' +
      'cycles per fault, and prints privateWorkCycles = clock / target − modelled cycles.\n' +
      'Put the number in the profile\'s calibration."pft.privateWorkCycles" with its source.')
    .argument('<workload>', 'workload to calibrate (pft)')
    .requiredOption('--profile <name>', 'profile name or file')
    .option('--layout <name>', 'vm_area_struct layout the target was measured on', 'b2')
    .requiredOption('--target <faultsPerSec>', 'measured single-thread faults per second (pft faults/cpu-1)')
    .addHelpText('after', '\nExample (Broadwell-EP, 2024 RFC baseline faults/cpu-1 = 471264, vma-layouts.md §5.1):\n' +
      '  linesim calibrate pft --profile broadwell-ep --layout b2 --target 471264\n')
    .action((workload: string, o: { profile: string; layout: string; target: string }) => {
      if (workload !== 'pft') throw new InputError('calibrate', '<workload>', `only 'pft' can be calibrated (got '${workload}')`);
      const target = Number(o.target);
      if (!Number.isFinite(target) || target <= 0) throw new InputError('--target', '', `expected a positive number, got '${o.target}'`);
      const machine = toMachineConfig(loadProfile(o.profile));
      const layouts = {
        main: toResolvedLayout(loadLayout(o.layout)),
        vma_lock: toResolvedLayout(loadLayout('vma_lock')),
        mm_struct: toResolvedLayout(loadLayout('mm_struct')),
      };
      const r = calibratePft(machine, layouts, target);
      if (r.privateWorkCycles <= 0) {
        throw new InputError('--target', '', `target ${target} faults/s is faster than the modelled accesses alone (${r.modelledCyclesPerFault.toFixed(0)} cycles per fault)`);
      }
      process.stdout.write(
        `profile ${machine.name} @ ${machine.freqGHz} GHz, layout ${o.layout}\n` +
        `modelled cycles per fault in the modelled accesses (1 thread, no private work): ${r.modelledCyclesPerFault.toFixed(1)}\n` +
        `target: ${target} faults/s = ${(machine.freqGHz * 1e9 / target).toFixed(1)} cycles per fault\n` +
        `pft.privateWorkCycles = ${r.privateWorkCycles}\n`);
    });
}
