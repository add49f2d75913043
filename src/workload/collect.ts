/**
 * Turns one simulated run (machine + per-thread results) into a RunResult: the
 * workload's metrics plus counters, the cycle breakdown, hottest lines and field pairs.
 */
import type { CpuStat, RunResult } from '../model/result-types.ts';
import type { Machine } from '../model/machine.ts';
import type { ThreadResult } from './run-threads.ts';

export interface Throughput {
  /** measured operations over all threads */
  ops: number;
  /** wall span: earliest measured start to latest end, cycles */
  wallCycles: number;
  /** summed per-thread busy time (end − start), cycles */
  cpuCycles: number;
}

/** A thread that measured operations (it got past its warmup). */
const measured = (r: ThreadResult): boolean => r.ops > 0 && !Number.isNaN(r.tStart);

export function throughput(res: ThreadResult[]): Throughput {
  let ops = 0, start = Infinity, end = 0, cpu = 0;
  for (const r of res) {
    if (!measured(r)) continue;
    ops += r.ops;
    start = Math.min(start, r.tStart);
    end = Math.max(end, r.tEnd);
    cpu += r.tEnd - r.tStart;
  }
  return { ops, wallCycles: ops > 0 ? end - start : 0, cpuCycles: cpu };
}

/**
 * Mean busy time over the wall of the whole measured run: pft's faults/sec ÷ (threads ×
 * faults/cpu), 1 when every thread runs to the end; 0 for an empty run.
 */
export function wallEfficiency(res: ThreadResult[]): number {
  const tp = throughput(res), n = res.filter(measured).length;
  return tp.wallCycles > 0 && n > 0 ? tp.cpuCycles / (n * tp.wallCycles) : 0;
}

/**
 * Throughput while every thread is still measuring: the window from the latest thread's
 * first measured operation (its `warmupOps`-th Done) to the earliest thread's last Done,
 * with every thread busy throughout (cpuCycles = threads × window). A benchmark that
 * runs each thread through 10⁵ operations (pft) is in this regime almost all the time;
 * a simulated run of a few hundred is not, and its whole-run rates mix in the start and
 * the tail, where fewer threads compete. Needs `doneAt` (PointParts.recordDone). With one
 * thread, or when the window is empty (a thread finished before another began), it is
 * the whole-run `throughput`.
 */
export function steadyThroughput(res: ThreadResult[], warmupOps: number): Throughput {
  const live = res.filter(measured);
  if (live.length < 2) return throughput(res);
  let w0 = -Infinity, w1 = Infinity;
  for (const r of live) {
    const at = r.doneAt;
    if (at === undefined) throw new Error('steadyThroughput needs ThreadResult.doneAt (PointParts.recordDone)');
    w0 = Math.max(w0, warmupOps > 0 ? at[warmupOps - 1]! : r.tStart);
    w1 = Math.min(w1, at[at.length - 1]!);
  }
  if (!(w1 > w0)) return throughput(res);
  let ops = 0;
  for (const r of live) for (const t of r.doneAt!) if (t > w0 && t <= w1) ops++;
  return { ops, wallCycles: w1 - w0, cpuCycles: live.length * (w1 - w0) };
}

export function collectRun(m: Machine, res: ThreadResult[], seed: number, metrics: Record<string, number>): RunResult {
  const st = m.stats;
  const end = Math.max(0, ...res.map((r) => r.tEnd));
  st.n.cycles = end;
  st.n.ns = end / m.cfg.freqGHz;
  return {
    seed,
    metrics,
    counters: { ...st.c },
    breakdown: { ...st.cyc },
    lines: st.lines(m.cfg.lineBytes),
    fieldPairs: st.fieldPairs().slice(0, 64),
    perCpu: cpuStats(m, res),
  };
}

/** Per-CPU counters of the CPUs that ran a thread, by CPU number. */
export function cpuStats(m: Machine, res: ThreadResult[]): CpuStat[] {
  const cpus = [...new Set(res.map((r) => r.cpu))].sort((a, b) => a - b);
  return cpus.map((cpu) => {
    const core = m.topo.coreOfCpu[cpu]!, socket = m.topo.socketOfCore[core]!;
    const smt = Math.floor(cpu / m.topo.nCores), c = core - socket * m.cfg.coresPerSocket;
    const { ops, cpuCycles } = throughput(res.filter((r) => r.cpu === cpu));
    const opsPerSec = cpuCycles > 0 ? (ops / cpuCycles) * m.cfg.freqGHz * 1e9 : 0;
    return { cpu, label: `s${socket}c${c}t${smt}`, socket, core: c, smt, ...m.stats.cpuCounters(cpu, core), ops, opsPerSec };
  });
}

/** "s1c3t1" or "17" → CPU number on this machine (Linux numbering). */
export function cpuOf(spec: string, sockets: number, coresPerSocket: number, smt: number): number {
  if (/^\d+$/.test(spec)) return Number(spec);
  const m = /^s(\d+)c(\d+)(?:t(\d+))?$/.exec(spec);
  if (!m) throw new Error(`bad CPU '${spec}'`);
  const s = Number(m[1]), c = Number(m[2]), t = Number(m[3] ?? 0);
  if (s >= sockets || c >= coresPerSocket || t >= smt) {
    throw new Error(`CPU '${spec}' does not exist on a ${sockets}-socket × ${coresPerSocket}-core × ${smt}-thread machine`);
  }
  return t * sockets * coresPerSocket + s * coresPerSocket + c;
}

/** CPUs sharing a core with `cpu` (its SMT siblings). */
export function siblings(m: Machine): (cpu: number) => number[] {
  const byCore = new Map<number, number[]>();
  for (let cpu = 0; cpu < m.topo.nCpus; cpu++) {
    const c = m.topo.coreOfCpu[cpu]!;
    byCore.set(c, [...(byCore.get(c) ?? []), cpu]);
  }
  return (cpu) => byCore.get(m.topo.coreOfCpu[cpu]!)!.filter((x) => x !== cpu);
}

