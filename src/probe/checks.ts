/**
 * Plausibility checks on a finished probe, as warnings for the user: vCPUs that look
 * like one physical core (same-line and padded rates equal), a ping-pong too slow to be
 * a cache transfer (vCPUs time-sliced), and very noisy measurements.
 */
import { fitProbe, rate } from './fit.ts';
import type { Probe } from './schema.ts';

export function checkProbe(p: Probe): string[] {
  const w: string[] = [];
  const f = fitProbe(p);
  const same = rate(p, 'lockadd', 8), far = rate(p, 'lockadd', 128);
  if (same && far && same >= 0.85 * far) {
    w.push(`same-line and padded lock-add rates are about equal (${(same / 1e6).toFixed(0)} vs ${(far / 1e6).toFixed(0)} M ops/s per thread): ` +
      'the CPUs used probably share one physical core (SMT siblings or vCPUs on one core), so their "core-to-core" numbers are not transfers between cores');
  }
  const slow = p.measurements.pingpong.filter((x) => x.oneWayNs.median > 1000);
  if (slow.length) {
    w.push(`${slow.length} ping-pong pair(s) take over 1 µs one way (e.g. ${slow[0]!.a}↔${slow[0]!.b}: ${slow[0]!.oneWayNs.median} ns): ` +
      'the two CPUs do not run at the same time (vCPUs time-sliced on fewer physical CPUs?)');
  }
  const starved = [
    ...p.measurements.contention.filter((x) => x.threads > 1).map((x) => [`${x.op} ×${x.threads} stride ${x.stride}`, x.cpuShare.min] as const),
    ...p.measurements.writerReaders.map((x) => [`writer + ${x.readers} reader(s) ${x.placement}`, x.cpuShare.min] as const),
  ].filter(([, s]) => s < 0.8);
  if (starved.length) {
    const worst = starved.reduce((a, b) => (b[1] < a[1] ? b : a));
    w.push(`${starved.length} contention measurement(s) had a thread running less than 80 % of the time (worst: ${worst[0]}, ${(worst[1] * 100).toFixed(0)} %): ` +
      'the threads were not all on a CPU together, so they bounced lines less than the shape intends');
  }
  const noisy = [
    ...p.measurements.pingpong.map((x) => [`ping-pong ${x.a}↔${x.b}`, x.oneWayNs.spread] as const),
    ...p.measurements.contention.map((x) => [`${x.op} ×${x.threads} stride ${x.stride}`, x.perThreadOpsPerSec.spread] as const),
  ].filter(([, s]) => s > 1);
  if (noisy.length) w.push(`${noisy.length} measurement(s) vary by more than 100 % between repetitions (e.g. ${noisy[0]![0]}); other load on the machine?`);
  if (f.coreGHz !== null && p.measurements.freq && p.measurements.freq.coreGHz.spread > 0.3) {
    w.push(`core clock varied ${(p.measurements.freq.coreGHz.spread * 100).toFixed(0)} % between repetitions (frequency scaling or CPU steal); cycle counts are less reliable`);
  }
  if (p.measurements.storeBuffer.length && f.storeBufferDepth === null) w.push('store-buffer depth: no clear step in the timing; not determined');
  return w;
}
