/**
 * The discrete-event loop: software threads pinned to CPUs run their compiled programs;
 * the thread with the earliest clock goes next (ties broken by a seeded per-thread
 * rank), executes until its next timed step, and is re-queued at its new clock.
 */
import type { Machine } from '../model/machine.ts';
import { Access } from '../model/vocab.ts';
import { Rng } from '../util/rng.ts';
import { Cond, Op, RmwFn, type CompiledProgram, type Operand } from './ir.ts';

export interface ThreadSpec { cpu: number; program: CompiledProgram }

export interface RunOptions {
  seed: number;
  /** operations (Done steps) per thread before measurement starts */
  warmupOps: number;
  /** safety stop: give up after this many simulated cycles */
  maxCycles?: number;
  /** multiplier on Work cycles while the SMT sibling CPU runs a thread */
  smtWorkFactor: number;
  /** same-core sibling CPUs: siblingOf[cpu] = list of other CPUs on its core */
  siblingsOf: (cpu: number) => number[];
}

export interface ThreadResult {
  cpu: number;
  /** measured operations (after warmup) */
  ops: number;
  tStart: number;
  tEnd: number;
  workCycles: number;
}

interface T {
  spec: ThreadSpec; pc: number; clock: number; regs: Float64Array; rank: number;
  done: number; tStart: number; halted: boolean; cursor: number; rng: Rng; work: number;
}

export function runThreads(m: Machine, threads: ThreadSpec[], o: RunOptions): ThreadResult[] {
  const rng = new Rng(o.seed);
  const ts: T[] = threads.map((spec, i) => ({
    spec, pc: 0, clock: 0, regs: new Float64Array(spec.program.nRegs), rank: rng.next() + i * 1e-9,
    done: 0, tStart: o.warmupOps === 0 ? 0 : NaN, halted: false, cursor: 0, rng: new Rng(o.seed + 7919 * (i + 1)), work: 0,
  }));
  const running = new Int32Array(m.topo.nCpus);
  for (const t of ts) running[t.spec.cpu]!++;
  const maxCycles = o.maxCycles ?? Infinity;
  // Binary heap of runnable threads keyed by (clock, rank).
  const heap: T[] = [];
  const less = (a: T, b: T) => a.clock < b.clock || (a.clock === b.clock && a.rank < b.rank);
  const push = (t: T) => {
    heap.push(t);
    let i = heap.length - 1;
    while (i > 0) { const p = (i - 1) >> 1; if (!less(heap[i]!, heap[p]!)) break; [heap[i], heap[p]] = [heap[p]!, heap[i]!]; i = p; }
  };
  const pop = (): T => {
    const top = heap[0]!, last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let s = i;
        if (l < heap.length && less(heap[l]!, heap[s]!)) s = l;
        if (r < heap.length && less(heap[r]!, heap[s]!)) s = r;
        if (s === i) break;
        [heap[i], heap[s]] = [heap[s]!, heap[i]!];
        i = s;
      }
    }
    return top;
  };
  for (const t of ts) push(t);
  while (heap.length > 0) {
    const t = pop();
    step(m, t, o, running);
    if (t.halted) { running[t.spec.cpu]!--; continue; }
    if (t.clock > maxCycles) throw new Error(`simulation exceeded ${maxCycles} cycles (livelock?) at thread on CPU ${t.spec.cpu}, pc ${t.pc}`);
    push(t);
  }
  return ts.map((t) => ({ cpu: t.spec.cpu, ops: Math.max(0, t.done - o.warmupOps), tStart: t.tStart, tEnd: t.clock, workCycles: t.work }));
}

const val = (t: T, a: Operand) => (a.reg < 0 ? a.imm : t.regs[a.reg]!);

function cond(c: Cond, x: number, y: number): boolean {
  switch (c) {
    case Cond.Eq: return x === y;
    case Cond.Ne: return x !== y;
    case Cond.Lt: return x < y;
    case Cond.Le: return x <= y;
    case Cond.Gt: return x > y;
    case Cond.Ge: return x >= y;
    case Cond.BitSet: return (Math.floor(x / y) & 1) === 1;
    case Cond.BitClear: return (Math.floor(x / y) & 1) === 0;
  }
}

/** Run one thread until it issues a timed step (memory access or work) or halts. */
function step(m: Machine, t: T, o: RunOptions, running: Int32Array): void {
  const code = t.spec.program.code;
  for (let guard = 0; guard < 100000; guard++) {
    const ins = code[t.pc]!;
    switch (ins.op) {
      case Op.Mem: {
        t.clock = m.access(t.spec.cpu, ins.addr, ins.access, ins.site, t.clock);
        const old = m.load(ins.addr);
        if (ins.access === Access.Write) m.store(ins.addr, val(t, ins.a));
        else if (ins.access === Access.Rmw) m.store(ins.addr, rmw(ins.fn, old, val(t, ins.a), val(t, ins.b)));
        if (ins.dst >= 0) t.regs[ins.dst] = old;
        t.pc++;
        return;
      }
      case Op.Work: {
        let c = ins.cycles * (1 + ins.jitter * (2 * t.rng.next() - 1));
        for (const s of o.siblingsOf(t.spec.cpu)) if (running[s]! > 0) { c *= o.smtWorkFactor; break; }
        t.clock += c;
        t.work += c;
        m.stats.cyc.work += c;
        t.pc++;
        return;
      }
      case Op.Footprint: {
        for (let i = 0; i < ins.stream; i++) m.touchPrivate(t.spec.cpu, m.privateLine(t.spec.cpu, ins.poolLines + t.cursor++));
        for (let i = 0; i < ins.random; i++) m.touchPrivate(t.spec.cpu, m.privateLine(t.spec.cpu, t.rng.int(ins.poolLines)));
        t.pc++;
        break;
      }
      case Op.Jmp: t.pc = ins.target; break;
      case Op.Br: t.pc = cond(ins.cond, t.regs[ins.r]!, val(t, ins.a)) ? ins.target : t.pc + 1; break;
      case Op.Set: t.regs[ins.r] = val(t, ins.a); t.pc++; break;
      case Op.AddR: t.regs[ins.r] = t.regs[ins.r]! + val(t, ins.a); t.pc++; break;
      case Op.Done:
        t.done++;
        m.stats.c.ops++;
        if (t.done === o.warmupOps) t.tStart = t.clock;
        t.pc++;
        break;
      case Op.Halt: t.halted = true; return;
    }
  }
  throw new Error(`thread on CPU ${t.spec.cpu} ran 100000 steps without a timed access (infinite loop at pc ${t.pc})`);
}

function rmw(fn: RmwFn, old: number, a: number, b: number): number {
  switch (fn) {
    case RmwFn.Add: return old + a;
    case RmwFn.Sub: return old - a;
    case RmwFn.Xchg: return a;
    case RmwFn.Cas: return old === a ? b : old;
    case RmwFn.Or: return bitop(old, a, (x, y) => x | y);
    case RmwFn.And: return bitop(old, a, (x, y) => x & y);
    default: return old;
  }
}

/** Bit ops on values up to 2^53 (split in 2^26 halves; JS bit ops are 32-bit). */
function bitop(x: number, y: number, f: (a: number, b: number) => number): number {
  const H = 2 ** 26;
  const hi = f(Math.floor(x / H) & (H - 1), Math.floor(y / H) & (H - 1));
  const lo = f(x % H, y % H);
  return hi * H + lo;
}
