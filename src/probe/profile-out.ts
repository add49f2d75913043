/**
 * `--profile-out`: a profile that `extends` the nearest shipped profile and overrides
 * only what the probe measured, each number tagged `[L] probe <date> <cpu model>`.
 * Topology (sockets, cores) stays the parent's: the profile describes the CPU model,
 * and experiments pin threads to sockets/cores the probing VM may not have.
 */
import { loadAllProfiles, loadProfile, type EffectiveProfile } from '../profile/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { InputError } from '../util/errors.ts';
import { rmSync } from 'node:fs';
import { dataCache } from './machine-info.ts';
import { fitProbe } from './fit.ts';
import type { Probe } from './schema.ts';

/** x86 family/model → shipped profile, where the CPUID says it (hypervisors may mask it). */
const BY_MODEL: Array<{ vendor: string; family: number; models: number[]; profile: string }> = [
  { vendor: 'GenuineIntel', family: 6, models: [0x4f, 0x56], profile: 'broadwell-ep' },
  { vendor: 'GenuineIntel', family: 6, models: [0x55], profile: 'skylake-sp' },
  { vendor: 'GenuineIntel', family: 6, models: [0x6a, 0x6c], profile: 'ice-lake-sp' },
  { vendor: 'GenuineIntel', family: 6, models: [0x8f], profile: 'sapphire-rapids' },
  { vendor: 'GenuineIntel', family: 6, models: [0xcf], profile: 'emerald-rapids' },
  { vendor: 'GenuineIntel', family: 6, models: [0xad, 0xae], profile: 'granite-rapids' },
  { vendor: 'AuthenticAMD', family: 0x17, models: [0x31], profile: 'zen2-epyc' },
  { vendor: 'AuthenticAMD', family: 0x19, models: [0x01, 0x21, 0x30], profile: 'zen3-epyc' },
  { vendor: 'AuthenticAMD', family: 0x19, models: [0x10, 0x11, 0x18, 0xa0], profile: 'zen4-epyc' },
];

export interface Nearest { name: string; why: string }

/**
 * The shipped profile closest to the probed CPU: by CPUID family/model when known
 * (Cascade Lake = model 0x55 stepping ≥ 5), else same vendor and the nearest
 * (L1d, L2) sizes on a log scale.
 */
export function nearestProfile(p: Probe, profiles: EffectiveProfile[] = loadAllProfiles()): Nearest {
  const m = p.machine;
  const hit = BY_MODEL.find((e) => e.vendor === m.vendor && e.family === m.family && m.model !== null && e.models.includes(m.model));
  if (hit) {
    const name = hit.profile === 'skylake-sp' && (m.stepping ?? 0) >= 5 ? 'cascade-lake-sp' : hit.profile;
    return { name, why: `CPUID family ${m.family} model ${m.model}${m.stepping !== null ? ` stepping ${m.stepping}` : ''}` };
  }
  const vendor = m.vendor === 'AuthenticAMD' ? 'amd' : 'intel';
  const l1 = dataCache(m, 1)?.kib ?? 32, l2 = dataCache(m, 2)?.kib ?? 1024;
  const shipped = profiles.filter((e) => !e.name.includes('noprefetch') && e.data.vendor === vendor);
  let best = shipped[0]!, bestD = Infinity;
  for (const e of shipped) {
    const d = Math.abs(Math.log2(e.data.l1d.kib.v / l1)) + Math.abs(Math.log2(e.data.l2.kib.v / l2));
    if (d < bestD) { best = e; bestD = d; }
  }
  if (!best) throw new InputError('probe', '', 'no shipped profile to extend');
  return { name: best.name, why: `${vendor}, nearest L1d/L2 sizes (${l1}/${l2} KiB) — CPUID model not in the table` };
}

export function buildProfileFile(p: Probe, parent: EffectiveProfile): Record<string, unknown> {
  const f = fitProbe(p);
  const day = p.date.slice(0, 10);
  const tag = (how: string) => `[L] probe ${day} ${p.machine.modelName}: ${how}`;
  const n = (v: number, how: string) => ({ v: Number.isInteger(v) ? v : Number(v.toPrecision(4)), src: tag(how) });
  const out: Record<string, unknown> = {
    description: `${parent.name} with numbers measured by \`linesim probe\` on ${p.machine.modelName} (${p.machine.cpus.length} CPUs${p.machine.hypervisor ? ', virtual machine' : ''}, ${p.mode} run).`,
    sources: `probe.json of ${p.date}; the rest from ${parent.name}`,
    extends: parent.name,
  };
  const ghz = f.coreGHz;
  if (ghz) out.freqGHz = n(ghz, 'chain of dependent adds (1 cycle each), fastest repetition, per thread CPU-second');
  const l1 = dataCache(p.machine, 1), l2 = dataCache(p.machine, 2), l3 = dataCache(p.machine, 3);
  const l1d: Record<string, unknown> = {}, l2o: Record<string, unknown> = {}, llc: Record<string, unknown> = {};
  if (l1) l1d.kib = n(l1.kib, 'sysfs cache/index*/size');
  if (l2) l2o.kib = n(l2.kib, 'sysfs cache/index*/size');
  if (f.latency.l1?.cycles) l1d.latCycles = n(f.latency.l1.cycles, `pointer chase ${f.latency.l1.kib} KiB = ${f.latency.l1.ns} ns (best repetition) × ${ghz} GHz`);
  if (f.latency.l2?.cycles) l2o.latCycles = n(f.latency.l2.cycles, `pointer chase ${f.latency.l2.kib} KiB = ${f.latency.l2.ns} ns (best repetition) × ${ghz} GHz`);
  if (f.latency.llc) {
    const how = `pointer chase ${f.latency.llc.kib} KiB = ${f.latency.llc.ns} ns`;
    // keep the parent's unit: the schema wants exactly one of latNs / latCycles
    if (parent.data.llc.latCycles && f.latency.llc.cycles) llc.latCycles = n(f.latency.llc.cycles, how);
    else if (!parent.data.llc.latCycles) llc.latNs = n(f.latency.llc.ns, how);
  }
  if (l3 && parent.data.vendor === 'amd' && parent.data.llc.kibPerDomain) llc.kibPerDomain = n(l3.kib, 'sysfs L3 size (one LLC domain)');
  if (Object.keys(l1d).length) out.l1d = l1d;
  if (Object.keys(l2o).length) out.l2 = l2o;
  if (Object.keys(llc).length) out.llc = llc;
  const c2c: Record<string, unknown> = {};
  const pp = (cat: string) => `CAS ping-pong one-way (best repetition), median over ${p.measurements.pingpong.filter((x) => x.category === cat).length} ${cat} pair(s)`;
  if (f.c2cNs.smt) c2c.smt = n(f.c2cNs.smt, pp('smt'));
  if (f.c2cNs['same-llc']) c2c[parent.data.vendor === 'amd' ? 'sameCcx' : 'sameSocket'] = n(f.c2cNs['same-llc'], pp('same-llc'));
  if (f.c2cNs['other-llc'] && parent.data.vendor === 'amd') c2c.crossCcx = n(f.c2cNs['other-llc'], pp('other-llc'));
  if (f.c2cNs['other-socket']) c2c.crossSocket = n(f.c2cNs['other-socket'], pp('other-socket'));
  if (Object.keys(c2c).length) out.c2cNs = c2c;
  if (f.latency.dram) out.dramNs = { local: n(f.latency.dram.ns, `pointer chase ${f.latency.dram.kib} KiB (includes TLB misses where huge pages are off)`) };
  if (f.rmwCycles) out.rmwCycles = n(f.rmwCycles, `lock add on one core, ${f.rmwNs} ns × ${ghz} GHz`);
  // entries only: merge and storeCycles are the parent's (the probe does not measure them)
  if (f.storeBufferDepth !== null && parent.data.storeBuffer) {
    out.storeBuffer = { entries: n(f.storeBufferDepth, 'two independent misses with K stores after each: the largest K that still overlaps them') };
  }
  return out;
}

/** Write the profile atomically, then load it; a profile that does not load is removed and reported. */
export function writeProbeProfile(p: Probe, file: string, parentName?: string): { file: string; parent: string; why: string } {
  const near = parentName ? { name: parentName, why: 'given with --extends' } : nearestProfile(p);
  const parent = loadProfile(near.name);
  writeFileAtomic(file, JSON.stringify(buildProfileFile(p, parent), null, 2) + '\n');
  try {
    loadProfile(file);
  } catch (e) {
    rmSync(file, { force: true });
    throw e;
  }
  return { file, parent: near.name, why: near.why };
}
