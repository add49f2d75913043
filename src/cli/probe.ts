/**
 * `linesim probe`: compile and run the C microbenchmarks of probe/c on this machine,
 * write probe.json (+ a c2c heatmap), print the fitted numbers, and optionally write a
 * profile (`--profile-out`) that extends the nearest shipped one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { freemem } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../util/errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { parseCpuList } from '../probe/machine-info.ts';

interface ProbeFlags { from?: string; quick?: boolean; out: string; profileOut?: string; extends?: string; cpus?: string; budget?: string; quiet?: boolean }

/** Online ∩ allowed ∩ --cpus; asking for CPUs we cannot use is a note, not a failure. */
export function chooseCpus(online: number[], allowed: number[] | null, asked: string | undefined, notes: string[]): number[] {
  let cpus = allowed ? online.filter((c) => allowed.includes(c)) : online;
  if (allowed && cpus.length < online.length) notes.push(`this process may only run on CPUs ${allowed.join(',')} (of ${online.length} online); the others are not measured`);
  if (asked !== undefined) {
    if (!/^[0-9,\- ]+$/.test(asked)) throw new InputError('--cpus', '', `expected a CPU list like 0-3,8, got '${asked}'`);
    const want = parseCpuList(asked);
    const missing = want.filter((c) => !cpus.includes(c));
    if (missing.length) notes.push(`asked for CPUs ${missing.join(',')} which are offline or not allowed here; using ${want.filter((c) => cpus.includes(c)).join(',') || 'none'}`);
    cpus = want.filter((c) => cpus.includes(c));
  }
  if (cpus.length === 0) throw new InputError('--cpus', '', 'no usable CPU left to run the probe on');
  return cpus;
}

function perfNote(): string | null {
  const r = spawnSync('perf', ['--version'], { encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0) return 'perf not found: `linesim c2c` reads `perf c2c report --stdio` text, record it where perf is installed';
  let paranoid = '';
  try { paranoid = readFileSync('/proc/sys/kernel/perf_event_paranoid', 'utf8').trim(); } catch { /* not Linux */ }
  return paranoid && Number(paranoid) > 1 ? `perf found, but kernel.perf_event_paranoid=${paranoid}: \`perf c2c record\` needs root or paranoid ≤ 1` : null;
}

export async function probeCommand(flags: ProbeFlags): Promise<void> {
  // loaded here, not at CLI start: every other verb would pay for them
  const [{ allowedCpus, readMachineInfo }, { buildProbe }, { runProbe }, { probeSummary }, { writeProbeProfile }, { readProbe }] = await Promise.all([
    import('../probe/machine-info.ts'), import('../probe/build.ts'), import('../probe/run.ts'), import('../probe/summary.ts'),
    import('../probe/profile-out.ts'), import('../probe/read.ts')]);
  if (flags.from !== undefined) {
    // no measuring: re-fit a recorded probe.json (e.g. into a profile)
    if (flags.profileOut !== undefined && !flags.profileOut.endsWith('.json')) throw new InputError('--profile-out', '', `the profile file name must end in .json, got '${flags.profileOut}'`);
    const probe = readProbe(flags.from);
    if (!flags.quiet) process.stdout.write(probeSummary(probe));
    if (flags.profileOut) {
      const r = writeProbeProfile(probe, flags.profileOut, flags.extends);
      if (!flags.quiet) process.stdout.write(`profile → ${r.file} (extends ${r.parent}: ${r.why})\n`);
    }
    return;
  }
  const budget = flags.budget === undefined ? (flags.quick ? 18 : 170) : Number(flags.budget);
  if (!Number.isFinite(budget) || budget < 2 || budget > 3600) throw new InputError('--budget', '', `expected seconds between 2 and 3600, got '${flags.budget}'`);
  if (existsSync(flags.out) && !statSync(flags.out).isDirectory()) throw new InputError('--out', '', `'${flags.out}' exists and is not a directory`);
  if (flags.profileOut !== undefined && !flags.profileOut.endsWith('.json')) throw new InputError('--profile-out', '', `the profile file name must end in .json, got '${flags.profileOut}'`);
  const machine = readMachineInfo();
  const notes: string[] = [];
  const cpus = chooseCpus(machine.cpus.map((c) => c.cpu), allowedCpus(), flags.cpus, notes);
  const built = buildProbe();
  try {
    const progress = flags.quiet ? 'none' : process.stderr.isTTY ? 'bar' : 'lines';
    const probe = runProbe({ quick: !!flags.quick, cpus, binary: built.binary, compiler: built.compiler, machine, budgetS: budget, progress });
    probe.warnings.unshift(...notes);
    const perf = perfNote();
    if (perf) probe.notMeasured.push(perf);
    if (machine.missing.length) probe.notMeasured.push(`machine description: could not read ${machine.missing.join(', ')}`);
    probe.notMeasured.push(`free memory ${Math.round(freemem() / 2 ** 20)} MiB bounded the largest working set`);
    writeFileAtomic(join(flags.out, 'probe.json'), JSON.stringify(probe, null, 1) + '\n');
    // vega is heavy: load it only when a probe has a matrix to draw, not at CLI start
    const { renderHeatmap } = await import('../probe/heatmap.ts');
    const heat = await renderHeatmap(probe);
    if (heat) {
      writeFileAtomic(join(flags.out, 'c2c-heatmap.svg'), heat.svg);
    }
    if (!flags.quiet) process.stdout.write(probeSummary(probe) + `\nprobe.json → ${join(flags.out, 'probe.json')} (${probe.wallSeconds} s)\n`);
    if (flags.profileOut) {
      const r = writeProbeProfile(probe, flags.profileOut, flags.extends);
      if (!flags.quiet) process.stdout.write(`profile → ${r.file} (extends ${r.parent}: ${r.why})\n`);
    }
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
}

export function register(program: Command): void {
  program
    .command('probe')
    .description('Measure this machine with small C microbenchmarks (compiled with the system cc): core-to-core CAS ping-pong,\n' +
      'locked-add cost, load-to-use latency per cache level, contention shapes (lock add / += / store at stride 8, 64, 128;\n' +
      'one writer with readers), store-buffer depth. Writes probe.json and a c2c heatmap; --profile-out writes a profile.')
    .option('--quick', 'a short run (≤ 20 s on 2 CPUs): few points, short durations')
    .option('--from <probe.json>', 'measure nothing: print and fit a recorded probe.json (with --profile-out: write its profile)')
    .option('--out <dir>', 'output directory', 'reports/probe')
    .option('--profile-out <file>', 'also write a profile (extends the nearest shipped one), e.g. cpu-profiles/my-box.json')
    .option('--extends <profile>', 'with --profile-out: the shipped profile to extend (default: the nearest)')
    .option('--cpus <list>', 'CPUs to use, e.g. 0-7 (default: every CPU this process may run on)')
    .option('--budget <seconds>', 'wall-time budget; steps beyond it are skipped and listed (default 18 quick, 170 full)')
    .option('--quiet', 'no progress and no summary')
    .addHelpText('after', '\nExamples:\n  linesim probe --quick\n  linesim probe --out reports/probe --profile-out cpu-profiles/my-box.json\n  linesim validate reports/probe/probe.json\n')
    .action(async (flags: ProbeFlags) => { await probeCommand(flags); });
}
