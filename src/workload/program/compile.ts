/**
 * Compiles the JSON program format (schema.ts) to the IR through ProgramBuilder.
 * `$tid` / `$role` are substituted per thread; any other string value is a register.
 * References (refs.ts) may be indexed by `$tid`/`$role` or strided (resolved here, per
 * thread) or indexed by a register (a branch tree over the instances, at run time).
 * With a duration, every loop's back edge also checks the thread's clock, so a role
 * stops within one pass of its loop once the time is up.
 */
import type { PlacedObject } from '../arena.ts';
import { ProgramBuilder, type Ref, type Val } from '../builder.ts';
import { Cond, RMW_CODE, type CompiledProgram } from '../ir.ts';
import type { SiteTable } from '../sites.ts';
import { parseRef, type RefTarget } from './refs.ts';
import type { Step } from './schema.ts';

type CondSpec = Extract<Step, { while: unknown }>['while'];

export interface CompileContext {
  objects: Map<string, PlacedObject[]>;
  procedures: Record<string, Step[]>;
  tid: number;
  role: number;
}

/** A compile error at a JSON path relative to the workload block ("scenarios[0].roles[1].program[2].read"). */
export class StepError extends Error {
  constructor(readonly path: string, message: string) { super(message); }
}

/** Fixed-duration mode: loop the program until the thread's clock reaches `cycles`. */
interface Duration { cycles: number; stop: string }

interface Emit { b: ProgramBuilder; ctx: CompileContext; duration?: Duration; sawDone: boolean }

const COND_KEYS = [['eq', Cond.Eq], ['ne', Cond.Ne], ['lt', Cond.Lt], ['le', Cond.Le], ['gt', Cond.Gt], ['ge', Cond.Ge]] as const;

/**
 * Compile one thread's steps; `path` is their JSON path (for errors). With `duration`
 * the steps are the body of a loop that runs until the thread's clock reaches it; a body
 * without `done` counts one operation per pass.
 */
/** Steps one thread's program may expand to (procedures are inlined at each call, so nesting multiplies). */
export const MAX_COMPILED_STEPS = 1_000_000;
let emitted = 0;

export function compileProgram(steps: Step[], ctx: CompileContext, sites: SiteTable, path = 'program', duration?: number): CompiledProgram {
  const b = new ProgramBuilder(sites).inPath('main');
  emitted = 0;
  if (duration === undefined) {
    emit({ b, ctx, sawDone: false }, steps, [], path);
    return b.halt().build();
  }
  const e: Emit = { b, ctx, duration: { cycles: duration, stop: b.fresh('stop') }, sawDone: false };
  const top = b.fresh('pass');
  b.label(top);
  emit(e, steps, [], path);
  if (!e.sawDone) b.inPath('main').done();
  b.brClock(duration, top).label(e.duration!.stop);
  return b.halt().build();
}

function val(b: ProgramBuilder, v: number | string, ctx: CompileContext): Val {
  if (typeof v === 'number') return v;
  if (v === '$tid') return ctx.tid;
  if (v === '$role') return ctx.role;
  return b.r(v);
}

const NEGATE: Record<number, Cond> = { [Cond.Eq]: Cond.Ne, [Cond.Ne]: Cond.Eq, [Cond.Lt]: Cond.Ge, [Cond.Le]: Cond.Gt, [Cond.Gt]: Cond.Le, [Cond.Ge]: Cond.Lt };

/** Branch to `label` when condition `c` holds (`negate`: when it does not). */
function branchOn(b: ProgramBuilder, c: CondSpec, ctx: CompileContext, label: string, negate: boolean): void {
  for (const [k, code] of COND_KEYS) {
    const v = c[k];
    if (v !== undefined) { b.br(c.reg, negate ? NEGATE[code]! : code, val(b, v, ctx), label); return; }
  }
}

/** Jump back to `top`; in duration mode only while time is left, else leave the program. */
function backEdge(e: Emit, top: string): void {
  if (e.duration) e.b.brClock(e.duration.cycles, top).jmp(e.duration.stop);
  else e.b.jmp(top);
}

/**
 * Emit one memory access. A register-indexed reference becomes a binary branch tree on
 * the register over the object's instances (untimed steps, so the access costs what a
 * direct one does); an index outside 0..count−1 spins at a guard, which the engine stops
 * as an endless loop.
 */
function access(e: Emit, t: RefTarget, one: (r: Ref) => void): void {
  if (t.kind === 'fixed') { one(t.ref); return; }
  const b = e.b, end = b.fresh('idx_end'), bad = b.fresh('idx_bad');
  b.br(t.reg, Cond.Lt, 0, bad).br(t.reg, Cond.Ge, t.refs.length, bad);
  const tree = (lo: number, hi: number): void => {
    if (hi - lo === 1) { one(t.refs[lo]!); b.jmp(end); return; }
    const mid = (lo + hi) >> 1, right = b.fresh('idx_hi');
    b.br(t.reg, Cond.Ge, mid, right);
    tree(lo, mid);
    b.label(right);
    tree(mid, hi);
  };
  tree(0, t.refs.length);
  b.label(bad).jmp(bad).label(end);
}

function emit(e: Emit, steps: Step[], stack: string[], path: string): void {
  const { b, ctx } = e;
  steps.forEach((s, k) => {
    const at = `${path}[${k}]`;
    if (++emitted > MAX_COMPILED_STEPS) throw new StepError(at, `the program expands to more than ${MAX_COMPILED_STEPS} steps (procedures are inlined at every call)`);
    const withPath = (p: string | undefined, f: () => void) => {
      const prev = b.currentPath();
      if (p) b.inPath(p);
      f();
      b.inPath(prev);
    };
    const ref = (key: string, text: string): RefTarget => {
      try { return parseRef(text, ctx); } catch (err) { throw new StepError(`${at}.${key}`, (err as Error).message); }
    };
    if ('read' in s) { const t = ref('read', s.read); withPath(s.path, () => access(e, t, (r) => b.read(r, s.into))); }
    else if ('write' in s) { const t = ref('write', s.write); withPath(s.path, () => access(e, t, (r) => b.write(r, val(b, s.value, ctx)))); }
    else if ('rmw' in s) { const t = ref('at', s.at); withPath(s.path, () => access(e, t, (r) => b.rmw(RMW_CODE[s.rmw], r, val(b, s.value, ctx), s.into))); }
    else if ('cas' in s) { const t = ref('cas', s.cas); withPath(s.path, () => access(e, t, (r) => b.cas(r, val(b, s.expect, ctx), val(b, s.new, ctx), s.into))); }
    else if ('work' in s) b.work(s.work, s.jitter ?? 0);
    else if ('footprint' in s) b.footprint(s.footprint.stream ?? 0, s.footprint.random ?? 0, Math.max(1, Math.round(((s.footprint.poolKiB ?? 256) * 1024) / 64)));
    else if ('repeat' in s) {
      const cnt = b.fresh('cnt'), top = b.fresh('top');
      b.set(cnt, 0).label(top);
      emit(e, s.body, stack, `${at}.body`);
      if (!e.duration) { b.add(cnt, 1).br(cnt, Cond.Lt, s.repeat, top); return; }
      const exit = b.fresh('rend');
      b.add(cnt, 1).br(cnt, Cond.Ge, s.repeat, exit);
      backEdge(e, top);
      b.label(exit);
    } else if ('while' in s) {
      const top = b.fresh('while'), end = b.fresh('wend');
      b.label(top);
      branchOn(b, s.while, ctx, end, true);
      emit(e, s.body, stack, `${at}.body`);
      backEdge(e, top);
      b.label(end);
    } else if ('until' in s) {
      const top = b.fresh('until');
      b.label(top);
      emit(e, s.body, stack, `${at}.body`);
      if (!e.duration) { branchOn(b, s.until, ctx, top, true); return; }
      const exit = b.fresh('uend');
      branchOn(b, s.until, ctx, exit, false);
      backEdge(e, top);
      b.label(exit);
    } else if ('if' in s) {
      const els = b.fresh('else'), end = b.fresh('fi');
      branchOn(b, s.if, ctx, els, true);
      emit(e, s.then, stack, `${at}.then`);
      b.jmp(end).label(els);
      emit(e, s.else ?? [], stack, `${at}.else`);
      b.label(end);
    } else if ('set' in s) b.set(s.set, val(b, s.value, ctx));
    else if ('add' in s) b.add(s.add, val(b, s.value, ctx));
    else if ('call' in s) {
      const body = Object.hasOwn(ctx.procedures, s.call) ? ctx.procedures[s.call] : undefined;
      if (!body) throw new StepError(`${at}.call`, `call '${s.call}': no such procedure (procedures: ${Object.keys(ctx.procedures).join(', ') || 'none'})`);
      if (stack.includes(s.call)) throw new StepError(`${at}.call`, `call '${s.call}': recursive procedures are not supported (${[...stack, s.call].join(' → ')})`);
      withPath(s.call, () => emit(e, body, [...stack, s.call], `procedures.${s.call}`));
    } else if ('done' in s) { b.done(); e.sawDone = true; }
  });
}
