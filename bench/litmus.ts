/** `npm run litmus`: every x86-TSO litmus test over 10^5 seeds (default), outcome counts printed. */
import '../src/util/v8-tuning.ts';
import { ALLOWED, LITMUS, RELAXED, runLitmus } from '../src/workload/testing/litmus.ts';
import { smallConfig } from '../test/helpers/machine.ts';

const runs = Number(process.argv[2] ?? 100_000);
const cfg = { ...smallConfig(), storeBuffer: { entries: 8, merge: true, storeCycles: 1 } };
let bad = 0;
for (const t of LITMUS) {
  const t0 = performance.now();
  const out = runLitmus(t, cfg, runs);
  const [a, b] = RELAXED[t];
  const n = out.get(`${a},${b}`) ?? 0;
  const ok = ALLOWED[t] ? n > 0 : n === 0;
  if (!ok) bad++;
  const counts = [...out.entries()].sort().map(([k, v]) => `${k}: ${v}`).join('  ');
  console.log(`${t.padEnd(10)} ${counts.padEnd(48)} r=(${a},${b}) ${ALLOWED[t] ? 'allowed' : 'forbidden'} ${ok ? 'ok' : 'VIOLATION'}  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
process.exit(bad > 0 ? 1 : 0);
