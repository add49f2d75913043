/**
 * Compiles the JSON program format (schema.ts) to the IR through ProgramBuilder.
 * `$tid` / `$role` are substituted per thread; any other string value is a register.
 */
import type { PlacedObject } from '../arena.ts';
import { ProgramBuilder, type Ref, type Val } from '../builder.ts';
import { Cond, RMW_CODE, type CompiledProgram } from '../ir.ts';
import type { SiteTable } from '../sites.ts';
import type { Step } from './schema.ts';

type CondSpec = Extract<Step, { while: unknown }>['while'];

export interface CompileContext {
  objects: Map<string, PlacedObject[]>;
  procedures: Record<string, Step[]>;
  tid: number;
  role: number;
}

const COND_KEYS = [['eq', Cond.Eq], ['ne', Cond.Ne], ['lt', Cond.Lt], ['le', Cond.Le], ['gt', Cond.Gt], ['ge', Cond.Ge]] as const;

/** Steps one thread's program may expand to (procedures are inlined at each call, so nesting multiplies). */
export const MAX_COMPILED_STEPS = 1_000_000;
let emitted = 0;

export function compileProgram(steps: Step[], ctx: CompileContext, sites: SiteTable): CompiledProgram {
  const b = new ProgramBuilder(sites).inPath('main');
  emitted = 0;
  emit(b, steps, ctx, []);
  return b.halt().build();
}

function val(b: ProgramBuilder, v: number | string, ctx: CompileContext): Val {
  if (typeof v === 'number') return v;
  if (v === '$tid') return ctx.tid;
  if (v === '$role') return ctx.role;
  return b.r(v);
}

/** Parse "obj[i].field:size" / "obj+off". Errors name the reference. */
export function parseRef(ref: string, ctx: CompileContext): Ref {
  const m = /^([A-Za-z_]\w*)(?:\[(\d+|\$tid)\])?(?:\.([\w.]+)|\+(\d+))?(?::(\d+))?$/.exec(ref);
  if (!m) throw new Error(`bad reference '${ref}'`);
  const [, objName, idx, field, off, size] = m;
  const objs = ctx.objects.get(objName!);
  if (!objs) throw new Error(`reference '${ref}': no object '${objName}' (objects: ${[...ctx.objects.keys()].join(', ')})`);
  const i = idx === undefined ? 0 : idx === '$tid' ? ctx.tid : Number(idx);
  const obj = objs[i];
  if (!obj) throw new Error(`reference '${ref}': object '${objName}' has ${objs.length} instance(s)`);
  if (field !== undefined && !obj.layout.fields.some((f) => f.name === field)) {
    throw new Error(`reference '${ref}': object '${objName}' has no field '${field}' (fields: ${obj.layout.fields.map((f) => f.name).join(', ')})`);
  }
  const offset = off === undefined ? undefined : Number(off);
  if (offset !== undefined && offset >= obj.layout.size) throw new Error(`reference '${ref}': offset ${offset} is past the object's ${obj.layout.size} bytes`);
  return { obj, role: objName!, field, offset: field === undefined ? (offset ?? 0) : undefined, size: size === undefined ? undefined : Number(size) };
}

function branchIfNot(b: ProgramBuilder, c: CondSpec, ctx: CompileContext, label: string): void {
  for (const [k, code] of COND_KEYS) {
    const v = c[k];
    if (v !== undefined) { b.br(c.reg, NEGATE[code], val(b, v, ctx), label); return; }
  }
}
const NEGATE: Record<number, Cond> = { [Cond.Eq]: Cond.Ne, [Cond.Ne]: Cond.Eq, [Cond.Lt]: Cond.Ge, [Cond.Le]: Cond.Gt, [Cond.Gt]: Cond.Le, [Cond.Ge]: Cond.Lt };

function emit(b: ProgramBuilder, steps: Step[], ctx: CompileContext, stack: string[]): void {
  for (const s of steps) {
    if (++emitted > MAX_COMPILED_STEPS) throw new Error(`the program expands to more than ${MAX_COMPILED_STEPS} steps (procedures are inlined at every call)`);
    const withPath = (p: string | undefined, f: () => void) => {
      const prev = b.currentPath();
      if (p) b.inPath(p);
      f();
      b.inPath(prev);
    };
    if ('read' in s) withPath(s.path, () => b.read(parseRef(s.read, ctx), s.into));
    else if ('write' in s) withPath(s.path, () => b.write(parseRef(s.write, ctx), val(b, s.value, ctx)));
    else if ('rmw' in s) withPath(s.path, () => b.rmw(RMW_CODE[s.rmw], parseRef(s.at, ctx), val(b, s.value, ctx), s.into));
    else if ('cas' in s) withPath(s.path, () => b.cas(parseRef(s.cas, ctx), val(b, s.expect, ctx), val(b, s.new, ctx), s.into));
    else if ('work' in s) b.work(s.work, s.jitter ?? 0);
    else if ('footprint' in s) b.footprint(s.footprint.stream ?? 0, s.footprint.random ?? 0, Math.max(1, Math.round(((s.footprint.poolKiB ?? 256) * 1024) / 64)));
    else if ('repeat' in s) {
      const cnt = b.fresh('cnt'), top = b.fresh('top');
      b.set(cnt, 0).label(top);
      emit(b, s.body, ctx, stack);
      b.add(cnt, 1).br(cnt, Cond.Lt, s.repeat, top);
    } else if ('while' in s) {
      const top = b.fresh('while'), end = b.fresh('wend');
      b.label(top);
      branchIfNot(b, s.while, ctx, end);
      emit(b, s.body, ctx, stack);
      b.jmp(top).label(end);
    } else if ('until' in s) {
      const top = b.fresh('until');
      b.label(top);
      emit(b, s.body, ctx, stack);
      branchIfNot(b, s.until, ctx, top);
    } else if ('if' in s) {
      const els = b.fresh('else'), end = b.fresh('fi');
      branchIfNot(b, s.if, ctx, els);
      emit(b, s.then, ctx, stack);
      b.jmp(end).label(els);
      emit(b, s.else ?? [], ctx, stack);
      b.label(end);
    } else if ('set' in s) b.set(s.set, val(b, s.value, ctx));
    else if ('add' in s) b.add(s.add, val(b, s.value, ctx));
    else if ('call' in s) {
      const body = Object.hasOwn(ctx.procedures, s.call) ? ctx.procedures[s.call] : undefined;
      if (!body) throw new Error(`call '${s.call}': no such procedure (procedures: ${Object.keys(ctx.procedures).join(', ') || 'none'})`);
      if (stack.includes(s.call)) throw new Error(`call '${s.call}': recursive procedures are not supported (${[...stack, s.call].join(' → ')})`);
      withPath(s.call, () => emit(b, body, ctx, [...stack, s.call]));
    } else if ('done' in s) b.done();
  }
}
