/**
 * Render a layout as pahole-style text. Two uses:
 *  - export (`--format pahole`): text the importer reads back to the same layout;
 *  - view (`layout show`): the same plus 128-B pair boundaries, the object's placement
 *    in its slab line (slabOffset), and an annotation column (line, pair, field use).
 */
import type { Layout } from './schema.ts';
import { buildTree, type Node } from './tree.ts';
import { declare, naturalAlign } from './ctype.ts';
import { formatUse, type FieldUse } from './field-use.ts';
import { structName } from './c-format.ts';

export interface ViewOptions {
  /** field name → code paths touching it */
  fieldUse?: FieldUse;
  /** adjacent-line prefetch pair size; 0 disables pair markers (default 128 in the view) */
  pairBytes?: number;
  /** where the object starts within a cacheline (0..63) */
  slabOffset?: number;
  /** cacheline size (default 64) */
  lineBytes?: number;
}

interface Ctx {
  out: string[];
  line: number;
  pair: number;
  slab: number;
  /** highest offset already passed, so boundaries print once even inside unions */
  seen: number;
  view: boolean;
  use?: FieldUse;
}

/** Pad to a visual column, counting a leading tab as 8 columns like a terminal does. */
function col(text: string, depth: number, column: number): string {
  const width = depth * 8 + text.length;
  return '\t'.repeat(depth) + text + ' '.repeat(Math.max(1, column - width));
}
/** pahole's member style: type padded to a column, then the name. */
function typed(type: string, name: string, depth: number): string {
  const d = declare(type, name);
  const cut = d.length - name.length;
  if (!d.endsWith(name) || /[\[(:]/.test(d.slice(cut - 2))) return d;
  return d.slice(0, cut).trimEnd().padEnd(Math.max(0, 35 - depth * 8 - 1)) + ' ' + name;
}
const num = (n: number) => String(n).padStart(5);

function boundaries(ctx: Ctx, offset: number, indent: string): void {
  // Boundaries sit at object bytes b where (slab + b) % line == 0; print each one passed.
  for (let b = ctx.seen + 1; b <= offset; b++) {
    if ((ctx.slab + b) % ctx.line !== 0) continue;
    const k = (ctx.slab + b) / ctx.line;
    const ago = offset - b;
    if (ctx.view && ctx.pair > 0 && (ctx.slab + b) % ctx.pair === 0) {
      ctx.out.push(`${indent}/* === ${ctx.pair}-B pair ${(ctx.slab + b) / ctx.pair} boundary === */`);
    }
    ctx.out.push(`${indent}/* --- cacheline ${k} boundary (${b} bytes)${ago > 0 ? ` was ${ago} bytes ago` : ''} --- */`);
  }
  ctx.seen = Math.max(ctx.seen, offset);
}

function annotate(ctx: Ctx, n: Extract<Node, { kind: 'leaf' }>, path: string): string {
  if (!ctx.view) return '';
  const l0 = Math.floor((ctx.slab + n.offset) / ctx.line);
  const l1 = Math.floor((ctx.slab + n.end - 1) / ctx.line);
  const parts = [l0 === l1 ? `L${l0}` : `L${l0}/L${l1} straddles`];
  if (ctx.pair > 0) parts.push(`P${Math.floor((ctx.slab + n.offset) / ctx.pair)}`);
  const u = formatUse(ctx.use?.[path]);
  if (u) parts.push(u);
  return '  ' + parts.join(' ');
}

function emit(ctx: Ctx, nodes: Node[], depth: number, prefix: string, inUnion: boolean): void {
  const indent = '\t'.repeat(depth);
  let prevEnd: number | undefined;
  for (const n of nodes) {
    if (!inUnion && prevEnd !== undefined && n.offset > prevEnd) {
      ctx.out.push('', `${indent}/* XXX ${n.offset - prevEnd} bytes hole, try to pack */`, '');
    }
    boundaries(ctx, n.offset, indent);
    if (n.kind === 'leaf') {
      const f = n.field;
      const forced = f.align !== undefined && f.align > naturalAlign(f.type, f.size) ? ` __attribute__((__aligned__(${f.align})))` : '';
      const decl = (f.bits ? declare(f.type, n.name, f.bits.width) : typed(f.type, n.name, depth)) + forced + ';';
      const comment = f.bits ? `/* ${num(f.offset)}:${String(f.bits.offset).padStart(2)} ${String(f.size).padStart(3)} */` : `/* ${num(f.offset)} ${num(f.size)} */`;
      const full = prefix + n.name;
      ctx.out.push(col(decl, depth, 56) + comment + annotate(ctx, n, full));
    } else {
      ctx.out.push(`${indent}${n.kind} {`);
      const childPrefix = n.name ? `${prefix}${n.name}.` : prefix;
      emit(ctx, n.children, depth + 1, childPrefix, n.kind === 'union');
      ctx.out.push(col(`}${n.name ? ' ' + n.name : ''};`, depth, 56) + `/* ${num(n.offset)} ${num(n.end - n.offset)} */`);
    }
    prevEnd = Math.max(prevEnd ?? 0, n.end);
  }
}

function render(layout: Layout, view: boolean, opts: ViewOptions): string {
  const tree = buildTree(layout);
  const lineBytes = opts.lineBytes ?? 64;
  const ctx: Ctx = {
    out: [], line: lineBytes, pair: view ? (opts.pairBytes ?? 128) : 0,
    slab: view ? (opts.slabOffset ?? 0) : 0, seen: 0, view, use: opts.fieldUse,
  };
  if (view) {
    ctx.out.push(`/* ${layout.name}: ${layout.size} bytes, align ${layout.align}; slab cache ${layout.slab.cache}: objectAlign ${layout.slab.objectAlign}` +
      `${layout.slab.hwcacheAlign ? ', SLAB_HWCACHE_ALIGN' : ''}${layout.slab.typesafeByRcu ? ', SLAB_TYPESAFE_BY_RCU' : ''} */`);
    if (ctx.slab) ctx.out.push(`/* object placed at +${ctx.slab} within its page: L/P numbers and boundaries are real lines and pairs */`);
    if (ctx.slab % (ctx.pair || 1) !== 0 && ctx.slab >= lineBytes) ctx.out.push('');
  }
  ctx.out.push(`struct ${structName(layout)} {`);
  emit(ctx, tree, 1, '', false);
  const topEnd = Math.max(...tree.map((n) => n.end));
  if (view) boundaries(ctx, layout.size, '\t');
  // Footer with the same sums pahole prints (top-level members; holes between them).
  let holes = 0, sumHoles = 0, prev: number | undefined, members = 0;
  for (const n of tree) {
    members++;
    if (prev !== undefined && n.offset > prev) { holes++; sumHoles += n.offset - prev; }
    prev = Math.max(prev ?? 0, n.end);
  }
  const sumMembers = tree.reduce((s, n) => s + (n.end - n.offset), 0);
  ctx.out.push('', `\t/* size: ${layout.size}, cachelines: ${Math.ceil(layout.size / lineBytes)}, members: ${members} */`);
  ctx.out.push(`\t/* sum members: ${sumMembers}${holes ? `, holes: ${holes}, sum holes: ${sumHoles}` : ''} */`);
  if (layout.size > topEnd) ctx.out.push(`\t/* padding: ${layout.size - topEnd} */`);
  const natural = Math.max(...layout.fields.map((f) => naturalAlign(f.type, f.size)));
  ctx.out.push(layout.align > natural ? `} __attribute__((__aligned__(${layout.align})));` : '};');
  return ctx.out.join('\n') + '\n';
}

/** pahole-style text that `parsePahole` reads back to the same layout. */
export function formatPahole(layout: Layout): string {
  return render(layout, false, {});
}

/** The annotated view printed by `linesim layout show`. */
export function formatLayoutView(layout: Layout, opts: ViewOptions = {}): string {
  return render(layout, true, opts);
}
