/**
 * The discrete-event loop. Software threads pinned to CPUs run their compiled programs;
 * the ready thread with the earliest clock goes next (ties: a seeded draw), runs until its
 * next timed step and is re-queued. Before an access that may need a line from elsewhere
 * the thread asks the machine's arbiter (src/model/arbiter.ts, the one place that decides
 * races) whether it may go, must wait in the line's FIFO, or must re-run when the line
 * frees; this loop only obeys. Store buffers' drainers are timelines of their own here.
 */
import type { Machine } from '../model/machine.ts';
import { StoreBuffer } from '../model/store-buffer/store-buffer.ts';
import { Access } from '../model/vocab.ts';
import { Rng } from '../util/rng.ts';
import { cond, rmw, val } from './alu.ts';
import { Op } from './ir.ts';
import { BLOCKED_REQUEUE, SB_EMPTY, SB_NONE, newThread, type Ctx, type RunOptions, type SimThread, type ThreadResult, type ThreadSpec } from './sim-thread.ts';
import { CodeSharer } from './share-code.ts';
import { ThreadHeap } from './thread-heap.ts';
import { drainTurn, memAccess, sbStore, siblingLockWait } from './thread-access.ts';
import { prefetchTurn, queuePrefetches } from './prefetch-agent.ts';

export type { RunOptions, SimThread, ThreadResult, ThreadSpec } from './sim-thread.ts';

// Hot-path constants: tsx compiles each file on its own, so every use of an imported
// const enum member is a property load; module-level copies are constants to V8.
const OP_MEM = Op.Mem, OP_WORK = Op.Work, OP_FOOTPRINT = Op.Footprint, OP_JMP = Op.Jmp, OP_BR = Op.Br, OP_SET = Op.Set, OP_ADDR = Op.AddR, OP_DONE = Op.Done, OP_HALT = Op.Halt, OP_FENCE = Op.Fence, OP_BR_CLOCK = Op.BrClock, OP_STALL = Op.Stall, OP_SPIN_HINT = Op.SpinHint;
const ACC_WRITE = Access.Write, ACC_RMW = Access.Rmw, ACC_READ = Access.Read;

export function runThreads(m: Machine, threads: ThreadSpec[], o: RunOptions): ThreadResult[] {
  // A CPU outside the machine indexes its arrays with undefined/NaN and simulates garbage
  // without an error, so refuse it here (callers map user input to CPUs before this).
  for (const [i, t] of threads.entries()) {
    if (!Number.isInteger(t.cpu) || t.cpu < 0 || t.cpu >= m.topo.nCpus) throw new Error(`thread ${i}: CPU ${t.cpu} is not one of the machine's CPUs 0..${m.topo.nCpus - 1}`);
  }
  const rng = new Rng(o.seed);
  const sbCfg = m.cfg.storeBuffer;
  const sharer = new CodeSharer(); // equal instructions of different threads: one record (share-code.ts)
  const ts: SimThread[] = threads.map((spec, i) => newThread(
    i, spec, sharer.share(spec.program.code), new Float64Array(spec.program.nRegs), o.warmupOps === 0 ? 0 : NaN,
    new Rng(o.seed + 7919 * (i + 1)), sbCfg ? new StoreBuffer(sbCfg.entries, sbCfg.merge) : null, null, SB_NONE,
  ));
  // Each store buffer's drainer is a timeline of its own (ids after the threads): it
  // commits the buffer's oldest stores through the same arbiter and FIFOs as any access.
  const nThreads = ts.length;
  if (sbCfg) {
    for (let i = 0; i < nThreads; i++) {
      const t = ts[i]!;
      const d = newThread(nThreads + i, t.spec, [], new Float64Array(1), t.tStart, t.rng, t.sb, t, 1);
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
    m, ts, heap, running, spinning: new Int32Array(nCpus), sibStart, sibs: Int32Array.from(sibList),
    spinYields: m.cfg.smtSpinYields !== false, stallsStretch: m.cfg.smtStretchesStalls === true,
    smtWorkFactor: o.smtWorkFactor, warmupOps: o.warmupOps, maxCycles: o.maxCycles ?? Infinity,
    storeCycles: sbCfg?.storeCycles ?? 0,
    doneAt: o.recordDone ? ts.map(() => []) : null,
    idleAgents: [],
  };
  for (let i = 0; i < nThreads; i++) heap.push(ts[i]!.id, ts[i]!.clock);
  if (m.cfg.prefetch.queue !== 'ahead') queuePrefetches(c); // prefetch-agent.ts
  if (sbCfg) {
    const byCpu = new Map<number, StoreBuffer>();
    for (let i = 0; i < nThreads; i++) if (!byCpu.has(ts[i]!.cpu)) byCpu.set(ts[i]!.cpu, ts[i]!.sb!);
    m.storeView = (cpu, addr) => byCpu.get(cpu)?.peek(addr);
  }
  schedule(c);
  m.storeView = null;
  m.ctl.deferPrefetch = null;
  const stuck = m.arb.stillWaiting();
  if (stuck !== null) throw new Error(`deadlock: ${stuck.n} thread(s) still wait for line ${stuck.line}`);
  return ts.slice(0, nThreads).map((t) => ({ cpu: t.cpu, ops: Math.max(0, t.done - o.warmupOps), tStart: t.tStart, tEnd: t.clock, workCycles: t.work, spinCycles: t.spin, ...(c.doneAt ? { doneAt: c.doneAt[t.id]! } : {}) }));
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
  const heap = c.heap, ts = c.ts, m = c.m, arb = m.arb, maxCycles = c.maxCycles, sharedLines = m.sharedLines;
  if (heap.size === 0) return;
  let id = heap.pop();
  for (;;) {
    const t = ts[id]!, code = t.code;
    let again = false;
    let untimed = 0;
    if (t.owner !== null) {
      // a helper timeline: a store buffer's drainer, or a queued prefetch's agent (no buffer)
      again = t.sb !== null ? drainTurn(c, t) : prefetchTurn(c, t);
      if (again) id = heap.pushPop(t.id, t.clock);
      else if (heap.size > 0) id = heap.pop();
      else return;
      continue;
    }
    step: for (;;) {
      const ins = code[t.pc]!;
      switch (ins.op) {
        case OP_MEM: {
          const addr = ins.idx < 0 ? ins.addr : ins.addr + t.regs[ins.idx]! * ins.stride;
          const sb = t.sb;
          if (sb !== null) {
            // TSO: plain stores retire into the buffer, loads forward from it, locked RMWs
            // wait until it is empty (store-buffer.ts).
            if (ins.access === ACC_WRITE) {
              if (!sbStore(c, t, sb, addr, val(t, ins.a), ins.site)) break step;
              t.pc++;
              break;
            }
            if (sb.count > 0) {
              if (ins.access === ACC_RMW) { t.sbWait = SB_EMPTY; break step; }
              const fwd = sb.forward(addr);
              if (fwd !== undefined) {
                t.clock = m.forwarded(t.cpu, t.clock);
                if (ins.dst >= 0) t.regs[ins.dst] = fwd;
                t.pc++;
                break;
              }
            }
          }
          // The common case first, inline: a hit on a line whose FIFO is empty (memAccess
          // does the full arbiter protocol; one call per access cost ~10 % when not inlined).
          const line = m.lineOf(addr);
          let done = -1;
          // (a store or RMW not on a line some core's locked RMW holds: the core-mate's wait, sibling-locks.ts; loads are not held off)
          const tried = line < sharedLines && arb.first(line) < 0 && (ins.access === ACC_READ || !arb.locks.lockedAt(line, t.clock));
          if (tried) done = m.accessIfHit(t.cpu, line, addr, ins.access, ins.site, t.clock, ins.own);
          if (done < 0) {
            if (ins.access !== ACC_READ && line < sharedLines && siblingLockWait(c, t, line)) { again = true; break step; }
            done = memAccess(c, t, addr, line, ins.access, ins.site, ins.own, tried);
          }
          if (done < 0) {
            if (t.clock > maxCycles) tooLong(c, t);
            again = done === BLOCKED_REQUEUE; break step;
          }
          t.clock = done;
          const old = m.load(addr);
          if (ins.access === ACC_WRITE) m.write(t.cpu, ins.site, addr, val(t, ins.a));
          else if (ins.access === ACC_RMW) m.write(t.cpu, ins.site, addr, rmw(ins.fn, old, val(t, ins.a), val(t, ins.b)));
          if (ins.dst >= 0) t.regs[ins.dst] = old;
          t.pc++;
          break;
        }
        case OP_WORK: {
          const w = ins.cycles * (1 + ins.jitter * (2 * t.rng.next() - 1)) * smtStretch(c, t.cpu);
          if (t.inSpin !== 0) t.spin += w;
          t.clock += w;
          t.work += w;
          m.stats.cyc.work += w;
          t.pc++;
          break;
        }
        case OP_STALL: {
          let w = ins.cycles;
          if (c.stallsStretch) w *= smtStretch(c, t.cpu);
          t.clock += w;
          m.stats.cyc.dram += w;
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
        case OP_BR_CLOCK: t.pc = t.clock < val(t, ins.a) ? ins.target : t.pc + 1; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_BR: t.pc = cond(ins.cond, t.regs[ins.r]!, val(t, ins.a)) ? ins.target : t.pc + 1; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_SET: t.regs[ins.r] = val(t, ins.a); t.pc++; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_SPIN_HINT: t.inSpin = ins.a.imm; if (c.spinYields) c.spinning[t.cpu] = ins.a.imm; t.pc++; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_ADDR: t.regs[ins.r] = t.regs[ins.r]! + val(t, ins.a); t.pc++; if (++untimed >= 100000) endlessLoop(t); continue;
        case OP_DONE:
          t.done++;
          m.stats.n.ops++;
          if (t.done === c.warmupOps) t.tStart = t.clock;
          if (c.doneAt !== null) c.doneAt[t.id]!.push(t.clock);
          t.pc++;
          if (++untimed >= 100000) endlessLoop(t);
          continue;
        case OP_FENCE:
          if (t.sb !== null && t.sb.count > 0) { t.sbWait = SB_EMPTY; break step; }
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
function tooLong(c: Ctx, t: SimThread): never {
  throw new Error(`simulation exceeded ${c.maxCycles} cycles (livelock?) at thread on CPU ${t.cpu}, pc ${t.pc}`);
}

function endlessLoop(t: SimThread): never {
  throw new Error(`thread on CPU ${t.cpu} ran 100000 steps without a timed access (infinite loop at pc ${t.pc})`);
}

/** smtWorkFactor when a sibling of `cpu` runs and is not in a PAUSE spin-wait, else 1. */
function smtStretch(c: Ctx, cpu: number): number {
  for (let i = c.sibStart[cpu]!, end = c.sibStart[cpu + 1]!; i < end; i++) {
    const sib = c.sibs[i]!;
    if (c.running[sib]! > 0 && c.spinning[sib] === 0) return c.smtWorkFactor;
  }
  return 1;
}
