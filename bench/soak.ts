/**
 * `npm run soak`: the random tester (src/model/testing/random-tester.ts) for 10⁷ events
 * spread over every shipped profile × every prefetch setting, seeds derived from a base
 * seed. Prints events/s and the violation count; exits 1 on the first violation, with
 * the seed and event index needed to replay it. Usage:
 *   npm run soak [-- --events 10000000] [-- --seed 1] [-- --inject-fault]
 * --inject-fault runs a MESI copy whose S × FwdGETX keeps S (must exit 1: proves the
 * soak can fail).
 */
import '../src/util/v8-tuning.ts'; // first: the same V8 settings as the CLI
import { runRandomTester, TesterFailure } from '../src/model/testing/random-tester.ts';
import { applyPrefetchSetting, listProfiles, loadProfile, toMachineConfig } from '../src/profile/index.ts';
import { deriveSeed } from '../src/util/rng.ts';
import { compileProtocol } from '../src/model/protocol/compiled.ts';
import { MESI, type ProtocolTable } from '../src/model/protocol/table.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const EVENTS = arg('events', 10_000_000);
const SEED = arg('seed', 1);
const SETTINGS = ['none', 'off', 'mirror-steal', 'mirror-drop', 'read-steal', 'read-drop', 'up-down'];
// Several seeds per (profile, setting) rather than one long run: fresh interleavings and
// CPU choices, and each chunk is small enough to replay quickly.
const CHUNK = 50_000;
const protocol = process.argv.includes('--inject-fault')
  ? compileProtocol({ ...MESI, S: { ...MESI.S, FwdGETX: { next: 'S', do: ['l_ackInvalidate'], desc: 'injected fault' } } } as ProtocolTable)
  : undefined;

const names = listProfiles().map((p) => p.name);
const cases = names.flatMap((n) => SETTINGS.map((s) => ({ n, s, cfg: applyPrefetchSetting(toMachineConfig(loadProfile(n)), s) })));
let done = 0, round = 0;
const t0 = performance.now();
console.log(`soak: ${EVENTS} events over ${names.length} profiles × ${SETTINGS.length} prefetch settings, base seed ${SEED}`);
try {
  while (done < EVENTS) {
    for (const [ci, c] of cases.entries()) {
      if (done >= EVENTS) break;
      const events = Math.min(CHUNK, EVENTS - done);
      const seed = deriveSeed(SEED, ci, round);
      try {
        done += runRandomTester({ cfg: c.cfg, seed, events, protocol }).events;
      } catch (e) {
        if (e instanceof TesterFailure) console.error(`VIOLATION on ${c.n} prefetch ${c.s}: ${e.message}`);
        throw e;
      }
    }
    round++;
    const s = (performance.now() - t0) / 1000;
    console.log(`  ${done} events, ${s.toFixed(1)} s, ${(done / s / 1000).toFixed(0)} k events/s`);
  }
} catch (e) {
  console.error(`soak: 1 violation after ${done} clean events`);
  if (!(e instanceof TesterFailure)) console.error(e);
  process.exit(1);
}
const s = (performance.now() - t0) / 1000;
console.log(`soak: ${done} events, 0 violations, ${s.toFixed(1)} s, ${(done / s / 1000).toFixed(0)} k events/s`);
