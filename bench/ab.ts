/**
 * `npm run bench:ab`: compare the simulator's speed of two or more checkouts, interleaved.
 * On a shared machine the load drifts by more than the differences we look for, so each
 * round runs every case once in every checkout (a fresh `npm run bench` process each,
 * the order rotated per round) and the figure is the median over rounds of each
 * process's own median. Prints figures only. Usage:
 *   npm run bench:ab -- --rounds 5 --cases single,uncontended,contended-legacy \
 *     --dir before=/path/to/old/checkout --dir after=.
 * A checkout whose bench has no `contended-legacy` case (one from before the store
 * buffer, e.g. 5f283a5) runs its `contended` case for it: the same program under the
 * semantics that case switches back to (not the same simulation: seeds are drawn
 * differently since then). Its bench may not know `--cases`; then it runs every case and
 * the one asked for is read from its output.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const argv = process.argv.slice(2);
const flag = (name: string, dflt: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1]! : dflt; };
const rounds = Number(flag('rounds', '5'));
const repeat = flag('repeat', '5');
const cases = flag('cases', 'single,uncontended,contended-legacy').split(',');
const dirs = argv.flatMap((a, i) => (a === '--dir' ? [argv[i + 1]!] : [])).map((d) => {
  const eq = d.indexOf('=');
  return eq > 0 ? { name: d.slice(0, eq), dir: resolve(d.slice(eq + 1)) } : { name: d, dir: resolve(d) };
});
if (dirs.length < 2 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('bench:ab: give --dir name=path at least twice and --rounds ≥ 1');
  process.exit(2);
}
for (const d of dirs) {
  if (!existsSync(resolve(d.dir, 'bench/run.ts'))) { console.error(`bench:ab: ${d.dir} has no bench/run.ts`); process.exit(2); }
}

/** The case name this checkout's bench uses for `c`. */
function caseIn(dir: string, c: string): string {
  const src = readFileSync(resolve(dir, 'bench/run.ts'), 'utf8');
  return c === 'contended-legacy' && !src.includes("'contended-legacy'") ? 'contended' : c;
}

function once(dir: string, c: string): number {
  const out = execFileSync('node', ['--import', 'tsx/esm', 'bench/run.ts', '--cases', c, '--repeat', repeat], { cwd: dir, encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith(`${c} `));
  const m = line?.match(/([\d.]+) M accesses\/s median/);
  if (!m) throw new Error(`bench:ab: no '${c}' figure from ${dir}:\n${out}`);
  return Number(m[1]);
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2; };
const got = new Map<string, number[]>();
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    for (let k = 0; k < dirs.length; k++) {
      const d = dirs[(k + r) % dirs.length]!; // rotate who goes first
      const x = once(d.dir, caseIn(d.dir, c));
      got.set(`${c}\t${d.name}`, [...(got.get(`${c}\t${d.name}`) ?? []), x]);
      console.error(`round ${r + 1} ${c} ${d.name} ${x.toFixed(2)}`);
    }
  }
}
console.log(`M accesses/s, median of ${rounds} interleaved rounds (each a median of ${repeat} runs; min–max)`);
console.log(['case'.padEnd(18), ...dirs.map((d) => d.name.padStart(22))].join(''));
for (const c of cases) {
  const cells = dirs.map((d) => {
    const xs = got.get(`${c}\t${d.name}`)!;
    return `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`.padStart(22);
  });
  console.log([c.padEnd(18), ...cells].join(''));
}
