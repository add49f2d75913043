/**
 * The one list of CLI verbs: name → one-line summary and a lazy import of the module
 * that exports `register(program)`. Add a verb with one line here.
 *
 * Why lazy: a verb's module pulls in its whole layer (the simulator, the report's plot
 * libraries, …). Loading all of them made even `linesim --help` take seconds; now a
 * command loads only the verb it runs, and `--help` loads none (it shows the summaries).
 */
import type { Command } from 'commander';

export type VerbModule = { register: (program: Command) => void };

export const VERBS: Readonly<Record<string, { summary: string; load: () => Promise<VerbModule> }>> = {
  profiles: { summary: 'list and inspect CPU profiles, every number with its source', load: () => import('./profiles.ts') },
  layout: { summary: 'struct layouts: list, show (pahole style), import pahole output, from-c, export', load: () => import('./layout.ts') },
  run: { summary: 'run an experiment file → results.csv, stats, report (index.html, summary.md)', load: () => import('./run.ts') },
  report: { summary: 're-render the report of a finished run from its results.json', load: () => import('./report.ts') },
  protocol: { summary: 'print the MESI protocol table the engine runs', load: () => import('./protocol.ts') },
  compare: { summary: 'run one workload on several layouts and compare them against the first', load: () => import('./compare.ts') },
  regroup: { summary: 'search a better member order for a layout, scored by the model', load: () => import('./regroup.ts') },
  calibrate: { summary: 'calibrate a profile\'s workload constant from a measured single-thread rate', load: () => import('./calibrate.ts') },
  headline: { summary: 'run the headline experiment (what `npm start` runs) → reports/headline/', load: () => import('./headline.ts') },
  worker: { summary: 'pull sweep points from a Redis queue and simulate them (see run --queue)', load: () => import('./worker.ts') },
  queue: { summary: 'queue housekeeping: status, drain, clean (Redis/BullMQ)', load: () => import('./queue.ts') },
  probe: { summary: 'measure this machine (C microbenchmarks) → probe.json, c2c heatmap, optional profile', load: () => import('./probe.ts') },
  validate: { summary: "run a probe's shapes through the model: measured vs modelled per case and shape", load: () => import('./validate.ts') },
  c2c: { summary: 'read perf c2c report --stdio output; annotate its offsets with struct fields', load: () => import('./c2c.ts') },
};

/**
 * Register the verbs `argv` needs: the verb it names (and, for `help <verb>`, that one)
 * in full; every other verb as a summary line only, so the top-level help lists them.
 */
export async function registerFor(program: Command, argv: readonly string[]): Promise<void> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const wanted = new Set(words[0] === 'help' ? words.slice(1, 2) : words.slice(0, 1));
  for (const [name, v] of Object.entries(VERBS)) {
    if (wanted.has(name)) (await v.load()).register(program);
    else program.command(name).description(v.summary);
  }
}

/** Every verb in full (tests, docs). */
export async function registerAll(program: Command): Promise<void> {
  for (const v of Object.values(VERBS)) (await v.load()).register(program);
}
