/**
 * Run the planned benchmark steps one process at a time (so each is killed at its time
 * limit), with a progress bar on stderr, and assemble probe.json. A failed or timed-out
 * step becomes a warning and a "not measured" entry; the run always finishes.
 */
import { spawnSync } from 'node:child_process';
import { freemem } from 'node:os';
import cliProgress from 'cli-progress';
import type { MachineInfo } from './machine-info.ts';
import { planSteps, type Step } from './plan.ts';
import { stat, type C2cCategoryT, type Probe } from './schema.ts';
import { checkProbe } from './checks.ts';

export interface RunProbeOptions {
  quick: boolean;
  cpus: number[];
  binary: string;
  compiler: string;
  machine: MachineInfo;
  /** whole-run wall budget in seconds */
  budgetS: number;
  progress: 'bar' | 'lines' | 'none';
  /** for tests: a fixed date string */
  now?: () => Date;
}

type Json = Record<string, unknown> & { ok: boolean; error?: string };

export function categorize(m: MachineInfo, a: number, b: number): C2cCategoryT {
  const A = m.cpus.find((c) => c.cpu === a), B = m.cpus.find((c) => c.cpu === b);
  if (!A || !B) return 'same-llc';
  if (A.pkg !== B.pkg) return 'other-socket';
  if (A.siblings.includes(b)) return 'smt';
  if (A.llc >= 0 && B.llc >= 0 && A.llc !== B.llc) return 'other-llc';
  return 'same-llc';
}

function argv(step: Step): string[] {
  const kv = Object.entries(step.args).map(([k, v]) => `${k}=${v}`);
  switch (step.bench) {
    case 'pingpong': return ['pingpong', `cpus=${step.a},${step.b}`, ...kv];
    case 'rmw': return ['contend', `cpus=${step.cpu}`, 'op=lockadd', ...kv];
    case 'chase': return ['chase', `sizes_kib=${step.sizes.join(',')}`, ...kv];
    case 'contend': return ['contend', `cpus=${step.cpus.join(',')}`, `op=${step.op}`, ...kv];
    case 'wr': return ['wr', `cpus=${step.cpus.join(',')}`, ...kv];
    default: return [step.bench, ...kv];
  }
}

export function label(step: Step): string {
  switch (step.bench) {
    case 'pingpong': return `ping-pong ${step.a}↔${step.b}`;
    case 'contend': return `${step.op} ×${step.cpus.length} stride ${step.stride}`;
    case 'wr': return `writer + ${step.cpus.length - 1} reader(s) ${step.placement}`;
    case 'chase': return `pointer chase ${step.sizes.length} sizes`;
    default: return step.bench;
  }
}

/** per-thread rates from a rep-major reps × threads array */
function perThread(rates: number[], threads: number, pick: (t: number) => boolean): number[] {
  return rates.filter((_, i) => pick(i % threads));
}

export function runProbe(o: RunProbeOptions): Probe {
  const t0 = Date.now();
  const steps = planSteps(o.machine, { quick: o.quick, cpus: o.cpus, memKiB: Math.floor(freemem() / 1024) });
  const probe: Probe = {
    format: 'linesim-probe/1', date: (o.now ?? (() => new Date()))().toISOString(), mode: o.quick ? 'quick' : 'full', wallSeconds: 0,
    compiler: o.compiler, machine: o.machine, cpusUsed: o.cpus,
    measurements: { freq: null, pingpong: [], rmw: null, latency: [], contention: [], writerReaders: [], storeBuffer: [] },
    notMeasured: [], warnings: [],
  };
  const ms = probe.measurements;
  const bar = o.progress === 'bar' ? new cliProgress.SingleBar({ format: 'probe {bar} {value}/{total} | {step}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(steps.length, 0, { step: '' });
  let skippedForTime = 0;
  for (const [i, step] of steps.entries()) {
    const left = o.budgetS * 1000 - (Date.now() - t0);
    if (left < 1500) { skippedForTime++; continue; }
    const limit = Math.min(left - 500, o.quick ? 8000 : 60000);
    if (o.progress === 'lines') process.stderr.write(`[${i + 1}/${steps.length}] ${label(step)}\n`);
    bar?.update(i, { step: label(step) });
    const r = spawnSync(o.binary, [...argv(step), `limit_ms=${limit}`], { encoding: 'utf8', timeout: limit + 3000, killSignal: 'SIGKILL' });
    let out: Json | null = null;
    try { out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Json; } catch { out = null; }
    if (!out || !out.ok) {
      const why = out?.error ?? (r.signal ? `killed at its ${Math.round(limit / 1000)} s limit` : `exit ${r.status}`);
      probe.warnings.push(`${label(step)}: ${why}`);
      probe.notMeasured.push(`${label(step)} (${why})`);
      continue;
    }
    record(probe, step, out);
  }
  bar?.update(steps.length, { step: 'done' });
  bar?.stop();
  if (skippedForTime) probe.notMeasured.push(`${skippedForTime} step(s) skipped: the ${o.budgetS} s time budget was used up`);
  if (o.cpus.length < 2) probe.notMeasured.push('core-to-core latency and contention: fewer than 2 usable CPUs');
  if (!ms.pingpong.some((p) => p.category === 'smt')) probe.notMeasured.push('SMT-sibling c2c latency: no SMT sibling pair among the CPUs used');
  if (!ms.pingpong.some((p) => p.category === 'other-llc')) probe.notMeasured.push('other-LLC (cross-CCX/die) c2c latency: all CPUs used share one LLC');
  if (!ms.pingpong.some((p) => p.category === 'other-socket')) probe.notMeasured.push('cross-socket c2c latency: one socket');
  probe.warnings.push(...checkProbe(probe));
  probe.wallSeconds = Math.round((Date.now() - t0) / 100) / 10;
  return probe;
}

function record(probe: Probe, step: Step, out: Json): void {
  const ms = probe.measurements;
  const nums = (k: string) => (out[k] as number[]) ?? [];
  const pinned = out.pinned === 1 || out.pinned === undefined;
  const wall = nums('opsPerSec'), cpu = nums('opsPerCpuSec');
  const onCpu = cpu.filter((r) => r > 0);
  const share = () => stat(wall.map((w, k) => (cpu[k]! > 0 ? Math.min(1, w / cpu[k]!) : 0)));
  if (out.pinned === 0) probe.warnings.push(`${label(step)}: could not pin threads (errno ${out.pinErrno}); numbers are from unpinned threads`);
  switch (step.bench) {
    case 'freq': ms.freq = { coreGHz: stat(nums('coreGHz')), tscGHz: typeof out.tscGHz === 'number' ? Number(out.tscGHz.toPrecision(6)) : null }; break;
    case 'pingpong': ms.pingpong.push({ a: step.a, b: step.b, category: categorize(probe.machine, step.a, step.b), pinned, oneWayNs: stat(nums('oneWayNs')) }); break;
    // one thread: its own CPU time, so time the scheduler gave to other work is not counted
    case 'rmw': ms.rmw = { cpu: step.cpu, nsPerOp: stat(nums('opsPerCpuSec').filter((r) => r > 0).map((r) => 1e9 / r)) }; break;
    case 'chase': for (const s of out.sizes as Array<{ kib: number; ns: number[] }>) ms.latency.push({ kib: s.kib, ns: stat(s.ns) }); break;
    case 'contend': ms.contention.push({ op: step.op, stride: step.stride, threads: step.cpus.length, pinned, perThreadOpsPerSec: stat(onCpu), cpuShare: share() }); break;
    case 'wr': {
      const n = step.cpus.length, rates = cpu;
      ms.writerReaders.push({ placement: step.placement, roff: step.roff, readers: n - 1, pinned,
        writerOpsPerSec: stat(perThread(rates, n, (t) => t === 0).filter((r) => r > 0)), readerOpsPerSec: stat(perThread(rates, n, (t) => t > 0).filter((r) => r > 0)), cpuShare: share() });
      break;
    }
    case 'storebuf': for (const p of out.points as Array<{ k: number; nsPerIter: number[] }>) ms.storeBuffer.push({ k: p.k, nsPerIter: stat(p.nsPerIter) }); break;
  }
}
