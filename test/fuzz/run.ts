/**
 * `npm run fuzz [-- --runs N --seed S]`: N generated inputs per loader (default 20 000,
 * 6 loaders → 120 000) through the real loaders; prints per loader the counts of accepted
 * inputs, InputError rejections, other exceptions and inputs over 5 s, and the slowest
 * input. Exit 1 if any input crashed or was slow. The quick version runs in `npm test` (921).
 */
import fc from 'fast-check';
import { formatInputError, InputError } from '../../src/util/errors.ts';
import { runOne, TARGETS } from './targets.ts';

const arg = (name: string, d: number) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : d; };
const RUNS = arg('--runs', 20_000), SEED = arg('--seed', 1), SLOW_MS = 5000, BATCH = 500;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

let bad = 0, total = 0;
const rows: string[][] = [['loader', 'inputs', 'accepted', 'InputError', 'other exceptions', `over ${SLOW_MS / 1000} s`, 'multi-line errors', 'slowest ms']];
for (const t of TARGETS) {
  if (only && t.name !== only) continue;
  const c = { n: 0, ok: 0, rej: 0, crash: 0, slow: 0, multi: 0, max: 0 };
  const crashes = new Map<string, string>();
  const t0 = Date.now();
  for (let b = 0; c.n < RUNS; b++) {
    for (const input of fc.sample(t.arb, { numRuns: Math.min(BATCH, RUNS - c.n), seed: SEED * 100_003 + b })) {
      const o = await runOne(t, input);
      c.n++;
      c.max = Math.max(c.max, o.ms);
      if (o.ms > SLOW_MS) c.slow++;
      if (o.kind === 'accepted') c.ok++;
      else if (o.kind === 'rejected') { c.rej++; if (formatInputError(o.error as InputError).includes('\n')) c.multi++; }
      else {
        c.crash++;
        const msg = String((o.error as Error)?.stack ?? o.error).split('\n').slice(0, 3).join(' | ');
        if (!crashes.has(msg) && crashes.size < 5) crashes.set(msg, t.show(input).slice(0, 400));
      }
    }
    process.stderr.write(`\r${t.name}: ${c.n}/${RUNS} (${((Date.now() - t0) / 1000).toFixed(0)} s)   `);
  }
  process.stderr.write('\n');
  for (const [msg, input] of crashes) process.stdout.write(`CRASH ${t.name}: ${msg}\n  input: ${input}\n`);
  rows.push([t.name, String(c.n), String(c.ok), String(c.rej), String(c.crash), String(c.slow), String(c.multi), c.max.toFixed(0)]);
  bad += c.crash + c.slow + c.multi;
  total += c.n;
}
const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) process.stdout.write(r.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ') + '\n');
process.stdout.write(`${total} inputs, ${bad} failing (crash, slow or multi-line)\n`);
process.exit(bad > 0 ? 1 : 0);
