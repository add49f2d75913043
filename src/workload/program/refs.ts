/**
 * Memory references of the program format:
 *
 *   obj.field   obj+64   obj[3].field   obj[3]+8   obj.field:4        (fixed)
 *   obj[$tid].field   obj[$role]+8   obj+$tid*8   obj.a+16+$role*64    (per thread, at compile time)
 *   obj[i].field                                                     (register i, at run time)
 *
 * `$tid` is the thread's index in the scenario, `$role` its index within its role; a
 * stride term is `$tid*N`, `N*$tid` (same for `$role`) or a plain number of bytes. A
 * field plus offset terms addresses field offset + terms (attributed to the field that
 * holds the byte). A register index selects one of the object's instances when the
 * access runs (compile.ts emits the choice as branches).
 */
import type { Ref } from '../builder.ts';
import type { CompileContext } from './compile.ts';

const IDENT = '[A-Za-z_]\\w*';
const TERM = '(?:\\d+|\\$(?:tid|role)(?:\\*\\d+)?|\\d+\\*\\$(?:tid|role))';
/** The reference grammar as one regular expression (the schema uses it; parseRef re-parses). */
export const REF_PATTERN = `^${IDENT}(?:\\[(?:\\d+|\\$tid|\\$role|${IDENT})\\])?(?:\\.[\\w.]+)?(?:\\+${TERM})*(?::\\d+)?$`;
const PARTS = new RegExp(`^(${IDENT})(?:\\[(\\d+|\\$tid|\\$role|${IDENT})\\])?(?:\\.([\\w.]+))?((?:\\+${TERM})*)(?::(\\d+))?$`);

/** What a reference resolves to for one thread: one place, or one place per instance chosen by a register. */
export type RefTarget =
  | { kind: 'fixed'; ref: Ref }
  | { kind: 'indexed'; reg: string; refs: Ref[] };

/** Value of one offset term ("8", "$tid*8", "64*$role", "$tid") for this thread. */
function term(t: string, ctx: CompileContext): number {
  let v = 1;
  for (const f of t.split('*')) v *= f === '$tid' ? ctx.tid : f === '$role' ? ctx.role : Number(f);
  return v;
}

/** Parse a reference for the thread of `ctx`. Errors name the reference (and the thread when it depends on it). */
export function parseRef(text: string, ctx: CompileContext): RefTarget {
  const m = PARTS.exec(text);
  if (!m) throw new Error(`bad reference '${text}': expected "object.field", "object+offset", "object[i].field" or "object[$tid]+$tid*8" (optionally ":size")`);
  const [, objName, idx, field, terms, size] = m;
  const perThread = text.includes('$') ? ` (thread $tid=${ctx.tid}, $role=${ctx.role})` : '';
  const fail = (why: string): never => { throw new Error(`reference '${text}'${perThread}: ${why}`); };
  const objs = ctx.objects.get(objName!);
  if (!objs) fail(`no object '${objName}' (objects: ${[...ctx.objects.keys()].join(', ')})`);
  const extra = (terms ?? '').split('+').filter((t) => t !== '').reduce((s, t) => s + term(t, ctx), 0);
  const hasTerms = (terms ?? '') !== '';
  const one = (i: number): Ref => {
    const obj = objs![i];
    if (!obj) return fail(`object '${objName}' has ${objs!.length} instance(s), no [${i}]`);
    const sz = size === undefined ? undefined : Number(size);
    if (field !== undefined) {
      const f = obj.layout.fields.find((x) => x.name === field);
      if (!f) return fail(`object '${objName}' has no field '${field}' (fields: ${obj.layout.fields.map((x) => x.name).join(', ')})`);
      if (!hasTerms) return { obj, role: objName!, field, size: sz };
      const offset = f.offset + extra;
      if (offset >= obj.layout.size) fail(`offset ${offset} is past the object's ${obj.layout.size} bytes`);
      return { obj, role: objName!, offset, size: sz ?? f.size };
    }
    if (hasTerms && extra >= obj.layout.size) fail(`offset ${extra} is past the object's ${obj.layout.size} bytes`);
    return { obj, role: objName!, offset: hasTerms ? extra : 0, size: sz };
  };
  if (idx === undefined) return { kind: 'fixed', ref: one(0) };
  if (/^\d+$/.test(idx)) return { kind: 'fixed', ref: one(Number(idx)) };
  if (idx === '$tid' || idx === '$role') return { kind: 'fixed', ref: one(idx === '$tid' ? ctx.tid : ctx.role) };
  return { kind: 'indexed', reg: idx, refs: objs!.map((_, i) => one(i)) };
}
