/**
 * `linesim validate <probe.json>`: run the probe's microbenchmark shapes through the
 * model (a generated program-workload experiment, run by the experiment runner) and
 * print + write measured vs modelled side by side (validate.csv / .md / .html).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../util/atomic-write.ts';

export async function validateCommand(probeFile: string, flags: { profile?: string; out?: string; quiet?: boolean }): Promise<string> {
  // loaded here, not at CLI start
  await import('../workload/all.ts');
  const [{ loadExperiment }, { planExperiment }, { registryResolver }, { runPlan }, { loadProfile }, { readProbe }, { nearestProfile }, { generateValidation }, { compareRows, toCsv, toHtml, toMarkdown }] = await Promise.all([
    import('../experiment/load.ts'), import('../experiment/plan.ts'), import('../experiment/resolve.ts'), import('../experiment/runner.ts'),
    import('../profile/index.ts'), import('../probe/read.ts'), import('../probe/profile-out.ts'), import('../probe/validate-gen.ts'), import('../probe/validate-compare.ts')]);
  const probe = readProbe(probeFile);
  const profileRef = flags.profile ?? nearestProfile(probe).name;
  const profile = loadProfile(profileRef, {}, { file: '--profile', path: '' });
  const out = flags.out ?? join('reports', 'validate');
  const { experiment, cases } = generateValidation(probe, profile.file, profile.data);
  const expFile = join(out, 'model', 'experiment.json');
  writeFileAtomic(expFile, JSON.stringify(experiment, null, 1) + '\n');
  const loaded = await loadExperiment(expFile, registryResolver);
  const plan = planExperiment(loaded, registryResolver);
  const summary = await runPlan(loaded, plan, { out: join(out, 'model'), jobs: 1, resume: false, report: false });
  const byScenario = new Map<string, number>();
  for (const p of summary.results.points) {
    const runs = p.runs.map((r) => r.metrics.ns_per_op).filter((x): x is number => typeof x === 'number');
    if (runs.length) byScenario.set(String(p.coords.scenario), runs.reduce((a, b) => a + b, 0) / runs.length);
  }
  const rows = compareRows(cases, (s) => byScenario.get(s));
  const title = `Measured (${probe.machine.modelName}, probe ${probe.date.slice(0, 10)}, ${probe.mode}) vs model (${profile.name})`;
  const md = toMarkdown(rows, title);
  writeFileAtomic(join(out, 'validate.csv'), toCsv(rows));
  writeFileAtomic(join(out, 'validate.md'), md);
  writeFileAtomic(join(out, 'validate.html'), toHtml(rows, title));
  if (!flags.quiet) process.stdout.write(md + `\n→ ${join(out, 'validate.csv')}, validate.md, validate.html (model run: ${join(out, 'model')})\n`);
  return md;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description("Run a probe's microbenchmark shapes (c2c ping-pong, lock add, contention at stride 8/64/128, writer +\n" +
      'readers) through the model and compare with the measurements: ratio per case, one verdict per shape.')
    .argument('<probe.json>', 'written by `linesim probe`')
    .option('--profile <profile>', 'profile name or file (default: the shipped profile nearest the probed CPU)')
    .option('--out <dir>', 'output directory (default reports/validate)')
    .option('--quiet', 'write files only')
    .addHelpText('after', '\nExample:\n  linesim probe --out reports/probe && linesim validate reports/probe/probe.json --profile zen4-epyc\n')
    .action(async (file: string, flags: { profile?: string; out?: string; quiet?: boolean }) => { await validateCommand(file, flags); });
}
