/**
 * The user-facing program format of the `program` workload kind: objects placed in
 * memory and per-thread programs of field accesses, work, loops and branches on values
 * read. Documented in README.md ("Describing your own struct and access program").
 */
import { z } from 'zod';
import { REF_PATTERN } from './refs.ts';
import { PLACEMENTS } from '../../model/topology/placement.ts';

const name = z.string().min(1).max(200);

/**
 * Size limits of a program workload (the model keeps every object and thread in memory):
 * documented in README "Limits"; each is quoted in the error message.
 */
export const PROGRAM_LIMITS = {
  /** threads in one role (a profile has at most 4096 hardware threads) */
  roleCount: 4096,
  /** objects in one slab */
  objectCount: 65536,
  /** bytes of one object */
  objectBytes: 1 << 20,
  /** iterations of one repeat, cycles of one work step */
  repeat: 1_000_000_000,
  /** private lines touched per footprint step; KiB of its pool */
  footprintLines: 1_000_000,
  poolKiB: 1 << 20,
} as const;
const L = PROGRAM_LIMITS;
const upTo = (max: number) => z.number().int().max(max, `above the limit of ${max}`);
/** number, "$tid" (thread index), "$role" (index within its role), or a register name */
export const ValSchema = z.union([z.number(), name]);
const CONDS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
export const CondSchema = z.strictObject({
  reg: name,
  eq: ValSchema.optional(), ne: ValSchema.optional(), lt: ValSchema.optional(),
  le: ValSchema.optional(), gt: ValSchema.optional(), ge: ValSchema.optional(),
}).refine((c) => CONDS.filter((k) => c[k] !== undefined).length === 1, { message: 'a condition needs exactly one of eq, ne, lt, le, gt, ge' });

/** "obj.field", "obj+64", "obj[3].field", "obj[$tid].field", "obj[reg]+8", "obj+$tid*8" (grammar: refs.ts) */
export const RefSchema = z.string().regex(new RegExp(REF_PATTERN), 'expected "object.field", "object+offset", "object[i].field", "object[$tid].field", "object[register].field" or "object+$tid*8" (optionally ":size")');

const path = name.optional().describe('code path name for attribution (default: the enclosing procedure or "main")');

export type Step =
  | { read: string; into?: string; path?: string }
  | { write: string; value: number | string; path?: string }
  | { rmw: 'add' | 'sub' | 'xchg' | 'or' | 'and'; at: string; value: number | string; into?: string; path?: string }
  | { cas: string; expect: number | string; new: number | string; into: string; path?: string }
  | { work: number; jitter?: number }
  | { footprint: { stream?: number; random?: number; poolKiB?: number } }
  | { repeat: number; body: Step[] }
  | { while: z.infer<typeof CondSchema>; body: Step[] }
  | { until: z.infer<typeof CondSchema>; body: Step[] }
  | { if: z.infer<typeof CondSchema>; then: Step[]; else?: Step[] }
  | { set: string; value: number | string }
  | { add: string; value: number | string }
  | { call: string }
  | { done: true };

// One schema per step keyword. A step is checked against the schema its keyword names, so
// a mistake inside it (an unknown rmw op, a bad nested step) is reported at its own JSON
// path; a plain union reported every such mistake at the outermost step (the `repeat`).
const STEP_BRANCHES: Array<[string, () => z.ZodType]> = [
  ['read', () => z.strictObject({ read: RefSchema, into: name.optional(), path })],
  ['write', () => z.strictObject({ write: RefSchema, value: ValSchema, path })],
  ['rmw', () => z.strictObject({ rmw: z.enum(['add', 'sub', 'xchg', 'or', 'and']), at: RefSchema, value: ValSchema, into: name.optional(), path })],
  ['cas', () => z.strictObject({ cas: RefSchema, expect: ValSchema, new: ValSchema, into: name, path })],
  ['work', () => z.strictObject({ work: z.number().nonnegative().max(L.repeat, `above the limit of ${L.repeat}`), jitter: z.number().min(0).max(1).optional() })],
  ['footprint', () => z.strictObject({ footprint: z.strictObject({ stream: upTo(L.footprintLines).nonnegative().optional(), random: upTo(L.footprintLines).nonnegative().optional(), poolKiB: z.number().positive().max(L.poolKiB, `above the limit of ${L.poolKiB}`).optional() }) })],
  ['repeat', () => z.strictObject({ repeat: upTo(L.repeat).positive(), body: z.array(StepSchema) })],
  ['while', () => z.strictObject({ while: CondSchema, body: z.array(StepSchema) })],
  ['until', () => z.strictObject({ until: CondSchema, body: z.array(StepSchema) })],
  ['if', () => z.strictObject({ if: CondSchema, then: z.array(StepSchema), else: z.array(StepSchema).optional() })],
  ['set', () => z.strictObject({ set: name, value: ValSchema })],
  ['add', () => z.strictObject({ add: name, value: ValSchema })],
  ['call', () => z.strictObject({ call: name })],
  ['done', () => z.strictObject({ done: z.literal(true) })],
];
const branchCache = new Map<string, z.ZodType>();
const branch = (k: string) => {
  let b = branchCache.get(k);
  if (!b) branchCache.set(k, (b = STEP_BRANCHES.find(([key]) => key === k)![1]()));
  return b;
};
const UNKNOWN_STEP = `unknown step: expected one of ${STEP_BRANCHES.map(([k]) => k).join(', ')}`;

export const StepSchema: z.ZodType<Step> = z.lazy(() => z.unknown().superRefine((v, ctx) => {
  const key = v !== null && typeof v === 'object' && !Array.isArray(v) ? STEP_BRANCHES.map(([k]) => k).find((k) => k in v) : undefined;
  if (!key) {
    ctx.addIssue({ code: 'custom', message: UNKNOWN_STEP });
    return;
  }
  const r = branch(key).safeParse(v);
  if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path as PropertyKey[] });
}) as unknown as z.ZodType<Step>);

export const ObjectSchema = z.strictObject({
  size: upTo(L.objectBytes).positive().optional().describe('bytes (or take it from layout)'),
  align: upTo(4096).positive().refine((a) => (a & (a - 1)) === 0, 'must be a power of two').optional().describe('object alignment in bytes (default: layout objectAlign or 64)'),
  count: upTo(L.objectCount).positive().optional().describe('objects in a slab (default 1)'),
  layout: name.optional().describe('a layout name or file: fields come from it'),
  fields: z.record(name, z.tuple([upTo(L.objectBytes).nonnegative(), upTo(L.objectBytes).positive()])).optional()
    .describe('inline fields: { "name": [offset, size] }'),
  startOffset: upTo(L.objectBytes).nonnegative().optional().describe('offset of the first object within its page'),
}).refine((o) => !(o.layout !== undefined && o.fields !== undefined), { message: 'give either "layout" or inline "fields", not both', path: ['fields'] });

export const RoleSchema = z.strictObject({
  name: name.optional(),
  count: z.union([upTo(L.roleCount).positive(), z.literal('rest')], { error: `expected a thread count 1..${L.roleCount} or "rest"` }).describe('threads in this role, or "rest"'),
  cpus: z.array(z.string().regex(/^(s\d+c\d+(t\d+)?|\d+)$/, 'CPU as a number or "s<socket>c<core>[t<smt>]"')).optional(),
  program: z.array(StepSchema),
});

export const ScenarioSchema = z.strictObject({
  name: name,
  description: z.string().optional(),
  placement: z.enum(PLACEMENTS).optional(),
  warmup: z.number().int().nonnegative().optional().describe('operations per thread before measuring (default 0)'),
  duration: z.number().int().positive().optional()
    .describe('fixed-duration run: every role repeats its program until its clock reaches this many cycles (loops inside stop too)'),
  roles: z.array(RoleSchema).min(1),
}).superRefine((sc, ctx) => {
  const rest = sc.roles.map((r, i) => (r.count === 'rest' ? i : -1)).filter((i) => i >= 0);
  if (rest.length > 1) ctx.addIssue({ code: 'custom', path: ['roles', rest[1]!, 'count'], message: 'only one role may have count "rest"' });
  const fixed = sc.roles.reduce((s, r) => s + (r.count === 'rest' ? 0 : r.count), 0);
  if (fixed > L.roleCount) ctx.addIssue({ code: 'custom', path: ['roles'], message: `${fixed} threads in fixed-count roles, above the limit of ${L.roleCount}` });
});

export const ProgramWorkloadSchema = z.strictObject({
  kind: z.literal('program'),
  objects: z.record(name, ObjectSchema),
  procedures: z.record(name, z.array(StepSchema)).optional(),
  scenarios: z.array(ScenarioSchema).min(1),
});
export type ProgramWorkload = z.infer<typeof ProgramWorkloadSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
