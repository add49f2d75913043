/**
 * The machine as Linux describes it: /proc/cpuinfo (model, vendor, family/model,
 * hypervisor flag) and /sys/devices/system/cpu (online CPUs, core/package ids, SMT
 * siblings, cache sizes and which CPUs share them). Anything unreadable is left out
 * and named in `missing`, never guessed.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** llc: the first CPU of the group sharing this CPU's last-level cache (-1 unknown) */
export interface CpuTopo { cpu: number; core: number; pkg: number; siblings: number[]; llc: number }
export interface CacheInfo { level: number; type: string; kib: number; sharedCpus: number[] }
export interface MachineInfo {
  modelName: string;
  vendor: string;
  family: number | null;
  model: number | null;
  stepping: number | null;
  hypervisor: boolean;
  cpus: CpuTopo[];
  /** caches seen from CPU 0 */
  caches: CacheInfo[];
  kernel: string;
  missing: string[];
}

/** "0-3,8,10-11" → [0,1,2,3,8,10,11] */
export function parseCpuList(s: string): number[] {
  const out: number[] = [];
  for (const part of s.trim().split(',')) {
    if (part === '') continue;
    const [a, b] = part.split('-').map(Number);
    if (!Number.isInteger(a)) continue;
    for (let i = a!; i <= (Number.isInteger(b) ? b! : a!); i++) out.push(i);
  }
  return out;
}

/** "32K" / "1024K" / "32M" → KiB */
export function parseCacheSize(s: string): number {
  const m = /^(\d+)\s*([KMG]?)/i.exec(s.trim());
  if (!m) return NaN;
  const mult = { '': 1 / 1024, K: 1, M: 1024, G: 1024 * 1024 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * mult;
}

export function parseCpuinfo(text: string): Pick<MachineInfo, 'modelName' | 'vendor' | 'family' | 'model' | 'stepping' | 'hypervisor'> {
  const first = text.split(/\n\s*\n/)[0] ?? '';
  const get = (k: string) => new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm').exec(first)?.[1]?.trim();
  const num = (k: string) => { const v = get(k); return v !== undefined && /^\d+$/.test(v) ? Number(v) : null; };
  return {
    modelName: get('model name') ?? get('Processor') ?? 'unknown',
    vendor: get('vendor_id') ?? 'unknown',
    family: num('cpu family'),
    model: num('model'),
    stepping: num('stepping'),
    hypervisor: / hypervisor( |$)/m.test(get('flags') ?? ''),
  };
}

const read = (p: string): string | null => { try { return readFileSync(p, 'utf8').trim(); } catch { return null; } };

function llcGroup(cdir: string): number {
  if (!existsSync(cdir)) return -1;
  let best = { level: 0, first: -1 };
  for (const d of readdirSync(cdir).filter((x) => x.startsWith('index'))) {
    const level = Number(read(join(cdir, d, 'level')));
    const shared = read(join(cdir, d, 'shared_cpu_list'));
    if (level > best.level && shared) best = { level, first: parseCpuList(shared)[0] ?? -1 };
  }
  return best.first;
}

/** CPUs this process may run on (Cpus_allowed_list), or null when unknown. */
export function allowedCpus(root = '/'): number[] | null {
  const st = read(join(root, 'proc/self/status'));
  const m = st ? /^Cpus_allowed_list:\s*(.*)$/m.exec(st) : null;
  return m ? parseCpuList(m[1]!) : null;
}

export function readMachineInfo(root = '/'): MachineInfo {
  const missing: string[] = [];
  const cpuinfo = read(join(root, 'proc/cpuinfo'));
  if (cpuinfo === null) missing.push('/proc/cpuinfo');
  const base = parseCpuinfo(cpuinfo ?? '');
  const sys = join(root, 'sys/devices/system/cpu');
  const online = read(join(sys, 'online'));
  if (online === null) missing.push(`${sys}/online`);
  const ids = online ? parseCpuList(online) : [0];
  const cpus: CpuTopo[] = ids.map((cpu) => {
    const t = join(sys, `cpu${cpu}`, 'topology');
    const core = Number(read(join(t, 'core_id')) ?? cpu);
    const pkg = Number(read(join(t, 'physical_package_id')) ?? 0);
    const sib = read(join(t, 'thread_siblings_list'));
    return { cpu, core, pkg, siblings: sib ? parseCpuList(sib) : [cpu], llc: llcGroup(join(sys, `cpu${cpu}`, 'cache')) };
  });
  const caches: CacheInfo[] = [];
  const cdir = join(sys, `cpu${ids[0] ?? 0}`, 'cache');
  if (existsSync(cdir)) {
    for (const d of readdirSync(cdir).filter((x) => x.startsWith('index')).sort()) {
      const level = Number(read(join(cdir, d, 'level')));
      const type = read(join(cdir, d, 'type')) ?? '?';
      const kib = parseCacheSize(read(join(cdir, d, 'size')) ?? '');
      const shared = read(join(cdir, d, 'shared_cpu_list'));
      if (Number.isFinite(level) && Number.isFinite(kib)) caches.push({ level, type, kib, sharedCpus: shared ? parseCpuList(shared) : [] });
    }
  } else missing.push(cdir);
  return { ...base, cpus, caches, kernel: read('/proc/sys/kernel/osrelease') ?? 'unknown', missing };
}

/** Data/unified cache of a level, if sysfs named it. */
export function dataCache(m: Pick<MachineInfo, 'caches'>, level: number): CacheInfo | undefined {
  return m.caches.find((c) => c.level === level && c.type !== 'Instruction');
}
