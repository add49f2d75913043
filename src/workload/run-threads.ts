/**
 * The discrete-event loop and the one place that orders competing requests.
 *
 * Software threads pinned to CPUs run their compiled programs; the ready thread with
 * the earliest clock goes next (ties: a seeded draw), runs until its next timed step
 * and is re-queued. A demand access that misses must own the line's FIFO: while a line
 * is in transfer or held by a locked RMW (Directory.busy), requesters wait in arrival
 * order and are served one by one when it frees, so a request's state change and the
 * value it reads happen at hand-over. The holder's own hits are not queued: when the
 * line frees, the holder's next access and the queue head compete by a seeded draw.
 */
import { GO, REQUEUE } from '../model/arbiter.ts';
import type { Machine } from '../model/machine.ts';
import { Access } from '../model/vocab.ts';
import { Rng } from '../util/rng.ts';
import { Cond, Op, RmwFn, type CompiledProgram, type Instr, type Operand } from './ir.ts';
import { ThreadHeap } from './thread-heap.ts';

// Hot-path constants: tsx compiles each file on its own, so every use of an imported
// const enum member is a property load; module-level copies are constants to V8.
const OP_MEM = Op.Mem, OP_WORK = Op.Work, OP_FOOTPRINT = Op.Footprint, OP_JMP = Op.Jmp, OP_BR = Op.Br, OP_SET = Op.Set, OP_ADDR = Op.AddR, OP_DONE = Op.Done, OP_HALT = Op.Halt;
const ACC_WRITE = Access.Write, ACC_RMW = Access.Rmw;
const RMW_ADD = RmwFn.Add, RMW_SUB = RmwFn.Sub, RMW_XCHG = RmwFn.Xchg, RMW_CAS = RmwFn.Cas, RMW_OR = RmwFn.Or, RMW_AND = RmwFn.And;
const COND_EQ = Cond.Eq, COND_NE = Cond.Ne, COND_LT = Cond.Lt, COND_LE = Cond.Le, COND_GT = Cond.Gt, COND_GE = Cond.Ge, COND_BITSET = Cond.BitSet, COND_BITCLEAR = Cond.BitClear;

export interface ThreadSpec { cpu: number; program: CompiledProgram }

export interface RunOptions {
  seed: number;
  /** operations (Done steps) per thread before measurement starts */
  warmupOps: number;
  /** safety stop: give up after this many simulated cycles */
  maxCycles?: number;
  /** multiplier on Work cycles while an SMT sibling CPU runs a thread */
  smtWorkFactor: number;
  /** other CPUs on the same core as `cpu` */
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

export interface SimThread {
  /** index into the thread list: the id used by the heap and the line FIFOs */
  id: number; cpu: number; code: Instr[];
  spec: ThreadSpec; pc: number; clock: number; regs: Float64Array;
  done: number; tStart: number; halted: boolean; cursor: number; rng: Rng; work: number;
}

/** Everything the step loop needs, built once per run. */
interface Ctx {
  m: Machine;
  ts: SimThread[];
  heap: ThreadHeap;
  /** threads running per CPU (SMT work scaling) */
  running: Int32Array;
  /** SMT siblings of each CPU as one flat list: sibs[sibStart[cpu] .. sibStart[cpu + 1]) */
  sibStart: Int32Array;
  sibs: Int32Array;
  smtWorkFactor: number;
  warmupOps: number;
  maxCycles: number;
}

export function runThreads(m: Machine, threads: ThreadSpec[], o: RunOptions): ThreadResult[] {
  // A CPU outside the machine indexes its arrays with undefined/NaN and simulates garbage
  // without an error, so refuse it here (callers map user input to CPUs before this).
  for (const [i, t] of threads.entries()) {
    if (!Number.isInteger(t.cpu) || t.cpu < 0 || t.cpu >= m.topo.nCpus) throw new Error(`thread ${i}: CPU ${t.cpu} is not one of the machine's CPUs 0..${m.topo.nCpus - 1}`);
  }
  const rng = new Rng(o.seed);
  const ts: SimThread[] = threads.map((spec, i) => ({
    id: i, cpu: spec.cpu, code: spec.program.code,
    spec, pc: 0, clock: 0, regs: new Float64Array(spec.program.nRegs),
    done: 0, tStart: o.warmupOps === 0 ? 0 : NaN, halted: false, cursor: 0,
    rng: new Rng(o.seed + 7919 * (i + 1)), work: 0,
  }));
  const nCpus = m.topo.nCpus;
  const running = new Int32Array(nCpus);
  for (const t of ts) running[t.cpu]!++;
  const sibStart = new Int32Array(nCpus + 1), sibList: number[] = [];
  for (let cpu = 0; cpu < nCpus; cpu++) { sibList.push(...o.siblingsOf(cpu)); sibStart[cpu + 1] = sibList.length; }
  const heap = new ThreadHeap(rng, ts.length);
  m.arb.threads(ts.length);
  const c: Ctx = {
    m, ts, heap, running, sibStart, sibs: Int32Array.from(sibList),
    smtWorkFactor: o.smtWorkFactor, warmupOps: o.warmupOps, maxCycles: o.maxCycles ?? Infinity,
  };
  for (const t of ts) heap.push(t.id, t.clock);
  schedule(c);
  const stuck = m.arb.stillWaiting();
  if (stuck !== null) throw new Error(`deadlock: ${stuck.n} thread(s) still wait for line ${stuck.line}`);
  return ts.map((t) => ({ cpu: t.cpu, ops: Math.max(0, t.done - o.warmupOps), tStart: t.tStart, tEnd: t.clock, workCycles: t.work }));
}

/**
 * The event loop: run the earliest thread until none is ready. Each turn runs thread `t`,
 * just taken from the heap, until it waits for a line, halts, or is no longer strictly
 * the earliest thread; untimed steps (branches, registers, footprint) take no simulated
 * time and run back to back. `again`: `t` goes back to the heap at t.clock, pushed and
 * the earliest popped in one heap operation (nothing else draws from the heap's RNG in
 * between). One function, not a loop calling a per-thread step function: V8 does not
 * inline a function this size, and every turn paid the call and reloaded the context.
 */
function schedule(c: Ctx): void {
  const heap = c.heap, ts = c.ts, m = c.m, arb = m.arb, maxCycles = c.maxCycles;
  if (heap.size === 0) return;
  let id = heap.pop();
  for (;;) {
    const t = ts[id]!, code = t.code;
    let again = false;
    let untimed = 0;
    step: for (;;) {
      const ins = code[t.pc]!;
      switch (ins.op) {
        case OP_MEM: {
          const line = m.lineOf(ins.addr);
          let done = -1;
          if (m.isShared(line)) {
            // A hit neither waits nor touches the line's FIFO (unless this thread heads it):
            // try that first, classified once by the machine.
            const first = arb.first(line);
            if (first !== t.id) done = m.accessIfHit(t.cpu, line, ins.addr, ins.access, ins.site, t.clock, ins.own);
            if (done < 0) {
              const w = arb.admit(t.id, t.cpu, t.clock, line, first === t.id && m.isHit(t.cpu, line, ins.access, ins.own));
              if (w !== GO) {
                if (w === REQUEUE) t.clock = arb.readyAt;
                if (t.clock > maxCycles) tooLong(c, t);
                again = w === REQUEUE; break step;
              }
              const n = arb.woken;
              if (n >= 0) {
                // The served access may still re-busy the line; the next head re-checks when it runs.
                const nt = ts[n]!;
                nt.clock = arb.freeAt(line, nt.clock);
                heap.push(n, nt.clock);
              }
            }
          }
          if (done < 0) done = m.access(t.cpu, ins.addr, ins.access, ins.site, t.clock, ins.own);
          t.clock = done;
          const old = m.load(ins.addr);
          if (ins.access === ACC_WRITE) m.write(t.cpu, ins.site, ins.addr, val(t, ins.a));
          else if (ins.access === ACC_RMW) m.write(t.cpu, ins.site, ins.addr, rmw(ins.fn, old, val(t, ins.a), val(t, ins.b)));
          if (ins.dst >= 0) t.regs[ins.dst] = old;
          t.pc++;
          break;
        }
        case OP_WORK: {
          let w = ins.cycles * (1 + ins.jitter * (2 * t.rng.next() - 1));
          for (let i = c.sibStart[t.cpu]!, end = c.sibStart[t.cpu + 1]!; i < end; i++) {
            if (c.running[c.sibs[i]!]! > 0) { w *= c.smtWorkFactor; break; }
          }
          t.clock += w;
          t.work += w;
          m.stats.cyc.work += w;
          t.pc++;
          break;
        }
        case OP_FOOTPRINT: {
          for (let i = 0; i < ins.stream; i++) m.touchPrivate(t.cpu, m.privateLine(t.cpu, ins.poolLines + t.cursor++));
          for (let i = 0; i < ins.random; i++) m.touchPrivate(t.cpu, m.privateLine(t.cpu, t.rng.int(ins.poolLines)));
          t.pc++;
          if (++untimed >= 100000) endlessLoop(t);
          continue;
        }
        case OP_JMP: t.pc = ins.target; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_BR: t.pc = cond(ins.cond, t.regs[ins.r]!, val(t, ins.a)) ? ins.target : t.pc + 1; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_SET: t.regs[ins.r] = val(t, ins.a); t.pc++; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_ADDR: t.regs[ins.r] = t.regs[ins.r]! + val(t, ins.a); t.pc++; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_DONE:
          t.done++;
          m.stats.c.ops++;
          if (t.done === c.warmupOps) t.tStart = t.clock;
          t.pc++;
          if (++untimed >= 100000) endlessLoop(t);
          continue;
        case OP_HALT: t.halted = true; c.running[t.cpu]!--; again = false; break step;
      }
      // after a timed step (memory access or work)
      if (t.clock > maxCycles) tooLong(c, t);
      // Still strictly the earliest thread: keep running it without a heap round trip.
      if (heap.size > 0 && t.clock >= heap.minClock()) { again = true; break step; }
      untimed = 0;
    }
    if (again) id = heap.pushPop(t.id, t.clock);
    else if (heap.size > 0) id = heap.pop();
    else return;
  }
}

const val = (t: SimThread, a: Operand) => (a.reg < 0 ? a.imm : t.regs[a.reg]!);

function cond(c: Cond, x: number, y: number): boolean {
  switch (c) {
    case COND_EQ: return x === y;
    case COND_NE: return x !== y;
    case COND_LT: return x < y;
    case COND_LE: return x <= y;
    case COND_GT: return x > y;
    case COND_GE: return x >= y;
    case COND_BITSET: return (Math.floor(x / y) & 1) === 1;
    case COND_BITCLEAR: return (Math.floor(x / y) & 1) === 0;
  }
}

function tooLong(c: Ctx, t: SimThread): never {
  throw new Error(`simulation exceeded ${c.maxCycles} cycles (livelock?) at thread on CPU ${t.cpu}, pc ${t.pc}`);
}

function endlessLoop(t: SimThread): never {
  throw new Error(`thread on CPU ${t.cpu} ran 100000 steps without a timed access (infinite loop at pc ${t.pc})`);
}

function rmw(fn: RmwFn, old: number, a: number, b: number): number {
  switch (fn) {
    case RMW_ADD: return old + a;
    case RMW_SUB: return old - a;
    case RMW_XCHG: return a;
    case RMW_CAS: return old === a ? b : old;
    case RMW_OR: return bitop(old, a, true);
    case RMW_AND: return bitop(old, a, false);
    default: return old;
  }
}

/** x | y (or) or x & y on values up to 2^53 (split in 2^26 halves; JS bit ops are 32-bit). */
function bitop(x: number, y: number, or: boolean): number {
  const H = 2 ** 26;
  const xh = Math.floor(x / H) & (H - 1), yh = Math.floor(y / H) & (H - 1), xl = x % H, yl = y % H;
  return or ? (xh | yh) * H + (xl | yl) : (xh & yh) * H + (xl & yl);
}
