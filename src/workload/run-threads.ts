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
import { GO, QUEUED, REQUEUE } from '../model/arbiter.ts';
import { StoreBuffer } from '../model/store-buffer/store-buffer.ts';
import type { Machine } from '../model/machine.ts';
import { Access } from '../model/vocab.ts';
import { Rng } from '../util/rng.ts';
import { Cond, Op, RmwFn, type CompiledProgram, type Instr, type Operand } from './ir.ts';
import { ThreadHeap } from './thread-heap.ts';

// Hot-path constants: tsx compiles each file on its own, so every use of an imported
// const enum member is a property load; module-level copies are constants to V8.
const OP_MEM = Op.Mem, OP_WORK = Op.Work, OP_FOOTPRINT = Op.Footprint, OP_JMP = Op.Jmp, OP_BR = Op.Br, OP_SET = Op.Set, OP_ADDR = Op.AddR, OP_DONE = Op.Done, OP_HALT = Op.Halt;
const ACC_WRITE = Access.Write, ACC_RMW = Access.Rmw;
// memAccess's answers besides a completion cycle (≥ 0)
const BLOCKED_REQUEUE = -1, BLOCKED_QUEUED = -2;
// SimThread.sbWait: why a thread is off the heap waiting for its store buffer
const SB_NONE = 0, SB_FULL = 1, SB_EMPTY = 2;
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
  /** the thread's store buffer (profile storeBuffer), or null: stores are timed like loads */
  sb: StoreBuffer | null;
  /** a thread: its store buffer's drainer; a drainer: null */
  drainer: SimThread | null;
  /** a drainer: the thread whose buffer it drains; a thread: null */
  owner: SimThread | null;
  /** a thread: SB_FULL / SB_EMPTY while it waits for its buffer; a drainer: 1 while idle (off the heap) */
  sbWait: number;
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
  /** cycles a store costs the core when it retires into the store buffer */
  storeCycles: number;
}

export function runThreads(m: Machine, threads: ThreadSpec[], o: RunOptions): ThreadResult[] {
  // A CPU outside the machine indexes its arrays with undefined/NaN and simulates garbage
  // without an error, so refuse it here (callers map user input to CPUs before this).
  for (const [i, t] of threads.entries()) {
    if (!Number.isInteger(t.cpu) || t.cpu < 0 || t.cpu >= m.topo.nCpus) throw new Error(`thread ${i}: CPU ${t.cpu} is not one of the machine's CPUs 0..${m.topo.nCpus - 1}`);
  }
  const rng = new Rng(o.seed);
  const sbCfg = m.cfg.storeBuffer;
  const ts: SimThread[] = threads.map((spec, i) => ({
    id: i, cpu: spec.cpu, code: spec.program.code,
    spec, pc: 0, clock: 0, regs: new Float64Array(spec.program.nRegs),
    done: 0, tStart: o.warmupOps === 0 ? 0 : NaN, halted: false, cursor: 0,
    rng: new Rng(o.seed + 7919 * (i + 1)), work: 0,
    sb: sbCfg ? new StoreBuffer(sbCfg.entries, sbCfg.merge) : null, drainer: null, owner: null, sbWait: SB_NONE,
  }));
  // Each store buffer's drainer is a timeline of its own (ids after the threads): it
  // commits the buffer's oldest stores through the same arbiter and FIFOs as any access.
  const nThreads = ts.length;
  if (sbCfg) {
    for (let i = 0; i < nThreads; i++) {
      const t = ts[i]!;
      const d: SimThread = { ...t, id: nThreads + i, code: [], regs: new Float64Array(1), sb: t.sb, drainer: null, owner: t, sbWait: 1 };
      t.drainer = d;
      ts.push(d);
    }
  }
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
    storeCycles: sbCfg?.storeCycles ?? 0,
  };
  for (let i = 0; i < nThreads; i++) heap.push(ts[i]!.id, ts[i]!.clock);
  schedule(c);
  const stuck = m.arb.stillWaiting();
  if (stuck !== null) throw new Error(`deadlock: ${stuck.n} thread(s) still wait for line ${stuck.line}`);
  return ts.slice(0, nThreads).map((t) => ({ cpu: t.cpu, ops: Math.max(0, t.done - o.warmupOps), tStart: t.tStart, tEnd: t.clock, workCycles: t.work }));
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
    if (t.owner !== null) {
      again = drainTurn(c, t);
      if (again) id = heap.pushPop(t.id, t.clock);
      else if (heap.size > 0) id = heap.pop();
      else return;
      continue;
    }
    step: for (;;) {
      const ins = code[t.pc]!;
      switch (ins.op) {
        case OP_MEM: {
          const sb = t.sb;
          if (sb !== null) {
            // TSO: plain stores retire into the buffer, loads forward from it, locked RMWs
            // wait until it is empty (store-buffer.ts).
            if (ins.access === ACC_WRITE) {
              if (!sbStore(c, t, sb, ins.addr, val(t, ins.a), ins.site)) break step;
              t.pc++;
              break;
            }
            if (sb.count > 0) {
              if (ins.access === ACC_RMW) { t.sbWait = SB_EMPTY; break step; }
              const fwd = sb.forward(ins.addr);
              if (fwd !== undefined) {
                t.clock = m.forwarded(t.cpu, t.clock);
                if (ins.dst >= 0) t.regs[ins.dst] = fwd;
                t.pc++;
                break;
              }
            }
          }
          const done = memAccess(c, t, ins.addr, ins.access, ins.site, ins.own);
          if (done < 0) {
            if (t.clock > maxCycles) tooLong(c, t);
            again = done === BLOCKED_REQUEUE; break step;
          }
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
        case OP_HALT: t.halted = true; c.running[t.cpu]!--; again = false; break step; // a buffer's drainer drains on
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

/**
 * Perform `t`'s access at t.clock as the arbiter allows: the completion cycle, or
 * BLOCKED_REQUEUE (t.clock moved to when the line frees: re-run then) or BLOCKED_QUEUED
 * (t waits in the line's FIFO and is woken by the arbiter's answer to another thread).
 */
function memAccess(c: Ctx, t: SimThread, addr: number, kind: Access, site: number, own: boolean): number {
  const m = c.m, arb = m.arb, line = m.lineOf(addr);
  if (m.isShared(line)) {
    // A hit neither waits nor touches the line's FIFO (unless this thread heads it):
    // try that first, classified once by the machine.
    const first = arb.first(line);
    // A hit bypasses the FIFO unless the head's snoop is already due at this core (arbiter.ts).
    if (first !== t.id && (first < 0 || !arb.headDue(line, t.clock))) {
      const done = m.accessIfHit(t.cpu, line, addr, kind, site, t.clock, own);
      if (done >= 0) return done;
    }
    const w = arb.admit(t.id, t.cpu, t.clock, line, first === t.id && m.isHit(t.cpu, line, kind, own));
    if (w === REQUEUE) { t.clock = arb.readyAt; return BLOCKED_REQUEUE; }
    if (w === QUEUED) return BLOCKED_QUEUED;
    const n = arb.woken;
    if (n >= 0) {
      // The served access may still re-busy the line; the next head re-checks when it runs.
      const nt = c.ts[n]!;
      nt.clock = arb.wake(line, nt.clock);
      c.heap.push(n, nt.clock);
    }
  }
  return m.access(t.cpu, addr, kind, site, t.clock, own);
}

/** `t` retires a plain store into its buffer; false when the buffer is full (t waits, off the heap). */
function sbStore(c: Ctx, t: SimThread, sb: StoreBuffer, addr: number, v: number, site: number): boolean {
  const old = c.m.observed ? (sb.peek(addr) ?? c.m.load(addr)) : 0;
  if (!sb.push(addr, v, site)) { t.sbWait = SB_FULL; return false; }
  if (c.m.observed) c.m.retired(t.cpu, site, addr, old, v);
  t.clock += c.storeCycles;
  const d = t.drainer!;
  if (d.sbWait !== SB_NONE) { d.sbWait = SB_NONE; d.clock = Math.max(d.clock, t.clock); c.heap.push(d.id, d.clock); }
  return true;
}

/**
 * One turn of drainer `d`: commit the buffer's oldest store once its line is owned, and
 * with it every following store to the same line (one ownership grant commits them all).
 * Returns true to run again at d.clock; false when idle or waiting in a line's FIFO.
 */
function drainTurn(c: Ctx, d: SimThread): boolean {
  const sb = d.sb!, m = c.m, o = d.owner!;
  if (sb.count === 0) { d.sbWait = 1; return false; }
  const addr = sb.headAddr(), line = m.lineOf(addr);
  const done = memAccess(c, d, addr, ACC_WRITE, sb.headSite(), false);
  if (done < 0) return done === BLOCKED_REQUEUE;
  d.clock = done;
  m.store(addr, sb.headValue()); // observers heard of it when it retired
  sb.shift();
  // The rest of the run on this line commits on the same grant, one store per storeCycles;
  // the core keeps the line meanwhile (snoops wait, as for a locked RMW's hold).
  let burst = false;
  while (sb.count > 0 && m.lineOf(sb.headAddr()) === line && m.isHit(d.cpu, line, ACC_WRITE)) {
    m.access(d.cpu, sb.headAddr(), ACC_WRITE, sb.headSite(), d.clock);
    d.clock += c.storeCycles;
    m.store(sb.headAddr(), sb.headValue());
    sb.shift();
    burst = true;
  }
  if (burst && m.isShared(line)) m.arb.occupy(line, d.clock);
  if ((o.sbWait === SB_FULL && !sb.full) || (o.sbWait === SB_EMPTY && sb.count === 0)) {
    o.sbWait = SB_NONE;
    o.clock = Math.max(o.clock, d.clock);
    c.heap.push(o.id, o.clock);
  }
  if (sb.count === 0) { d.sbWait = 1; return false; }
  return true;
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
