/**
 * The units a regrouping may move: top-level C members. A nested struct (`shared.*`,
 * `vm_lock.lock.*`) or a union (fields sharing a `group`) moves as one block with its
 * members' relative offsets; `--group a+b` glues blocks into one run in the given order;
 * `--fixed f` pins f's block at its input offset. A block's alignment is its members'
 * largest (the layout's `align`, else size-based natural alignment capped at 8), so a
 * ____cacheline_aligned member (align 64) keeps starting a line.
 */
import { InputError } from '../util/errors.ts';
import type { Layout, LayoutField } from '../layout/schema.ts';
import { buildTree, type Node } from '../layout/tree.ts';

export interface Block {
  id: number;
  /** display name: the top-level member name(s) */
  name: string;
  /** members with offsets relative to the block start */
  fields: LayoutField[];
  size: number;
  align: number;
  /** pinned offset (--fixed), else undefined */
  fixedAt?: number;
  /** offset in the input layout */
  inputOffset: number;
}

export function naturalAlignOf(f: LayoutField): number {
  if (f.align !== undefined) return f.align;
  let a = 1;
  while (a < 8 && f.size % (a * 2) === 0) a *= 2;
  return a;
}

function leaves(n: Node): LayoutField[] {
  return n.kind === 'leaf' ? [n.field] : n.children.flatMap(leaves);
}

function makeBlock(id: number, name: string, fields: LayoutField[], start: number): Block {
  const end = Math.max(...fields.map((f) => f.offset + f.size));
  return {
    id, name, inputOffset: start, size: end - start, align: Math.max(...fields.map(naturalAlignOf)),
    fields: fields.map((f) => ({ ...f, offset: f.offset - start })),
  };
}

/** Top-level members as blocks; overlapping members (bitfields sharing bytes) merge. */
export function layoutBlocks(layout: Layout): Block[] {
  const nodes = buildTree(layout).map((n) => ({ name: n.name ?? (n.kind === 'union' ? `union@${n.offset}` : `@${n.offset}`), fields: leaves(n), offset: n.offset, end: n.end }))
    .sort((a, b) => a.offset - b.offset);
  const merged: typeof nodes = [];
  for (const n of nodes) {
    const last = merged[merged.length - 1];
    if (last && n.offset < last.end) {
      last.fields.push(...n.fields); last.end = Math.max(last.end, n.end); last.name += `+${n.name}`;
    } else merged.push({ ...n, fields: [...n.fields] });
  }
  return merged.map((n, i) => makeBlock(i, n.name, n.fields, n.offset));
}

function blockOf(blocks: Block[], name: string, flag: string, layout: Layout): Block {
  const b = blocks.find((x) => x.fields.some((f) => f.name === name) || x.name === name || x.fields.every((f) => f.name.startsWith(name + '.')));
  if (!b) {
    throw new InputError(flag, '', `unknown field '${name}' in layout ${layout.name} (members: ${blocks.map((x) => x.name).join(', ')})`);
  }
  return b;
}

export interface Constraints {
  blocks: Block[];
  maxSize: number;
}

/** Apply --fixed and --group to the blocks and check the size bound is reachable. */
export function applyConstraints(layout: Layout, fixed: string[], groups: string[][], maxCachelines: number | undefined): Constraints {
  let blocks = layoutBlocks(layout);
  for (const name of fixed) {
    const b = blockOf(blocks, name, '--fixed', layout);
    b.fixedAt = b.inputOffset;
  }
  for (const g of groups) {
    const members = g.map((name) => blockOf(blocks, name, '--group', layout));
    if (new Set(members).size !== members.length) throw new InputError('--group', '', `'${g.join('+')}' names one member twice`);
    if (members.some((m) => m.fixedAt !== undefined)) throw new InputError('--group', '', `'${g.join('+')}' contains a --fixed member; fix the group's first member's position by leaving it ungrouped`);
    let off = 0;
    const fields: LayoutField[] = [];
    for (const m of members) {
      off = Math.ceil(off / m.align) * m.align;
      fields.push(...m.fields.map((f) => ({ ...f, offset: f.offset + off })));
      off += m.size;
    }
    const glued: Block = { id: members[0]!.id, name: members.map((m) => m.name).join('+'), fields, size: off, align: Math.max(...members.map((m) => m.align)), inputOffset: members[0]!.inputOffset };
    blocks = blocks.filter((b) => !members.includes(b)).concat(glued);
  }
  blocks = blocks.sort((a, b) => a.inputOffset - b.inputOffset).map((b, i) => ({ ...b, id: i }));
  const fixedBlocks = blocks.filter((b) => b.fixedAt !== undefined).sort((a, b) => a.fixedAt! - b.fixedAt!);
  for (let i = 1; i < fixedBlocks.length; i++) {
    const a = fixedBlocks[i - 1]!, b = fixedBlocks[i]!;
    if (b.fixedAt! < a.fixedAt! + a.size) throw new InputError('--fixed', '', `fixed members '${a.name}' and '${b.name}' overlap (bytes ${a.fixedAt}..${a.fixedAt! + a.size - 1} and ${b.fixedAt}..${b.fixedAt! + b.size - 1})`);
  }
  const maxSize = maxCachelines === undefined ? Infinity : maxCachelines * 64;
  if (maxCachelines !== undefined) {
    // Lower bound: every block's bytes, plus the padding alignment forces when blocks are sorted by alignment.
    const need = minimalSize(blocks);
    if (need > maxSize) {
      throw new InputError('--max-cachelines', '', `impossible bound: ${maxCachelines} cachelines = ${maxSize} B, but the members of ${layout.name} need at least ${need} B ` +
        `(${blocks.reduce((a, b) => a + b.size, 0)} B of members${fixedBlocks.length ? ', with the fixed members at their offsets' : ''}); allow ${Math.ceil(need / 64)}`);
    }
    const late = fixedBlocks.find((b) => b.fixedAt! + b.size > maxSize);
    if (late) throw new InputError('--fixed', '', `fixed member '${late.name}' ends at byte ${late.fixedAt! + late.size}, past the ${maxSize}-B bound`);
  }
  return { blocks, maxSize };
}

/** Size of the tightest placement: blocks in decreasing alignment (no alignment holes), fixed ones pinned. */
export function minimalSize(blocks: Block[]): number {
  return Math.min(...packedOrders(blocks).map((order) => placeBlocks(blocks, order, new Set()).size));
}

/**
 * pahole --reorganize-style orders: decreasing alignment then size (no alignment holes),
 * and the same with each line-aligned member inserted where it costs least (a fixed member
 * at 0 would otherwise push the first line-aligned member to line 1 and leave line 0 empty).
 */
export function packedOrders(blocks: Block[]): number[][] {
  const free = blocks.filter((b) => b.fixedAt === undefined);
  const desc = [...free].sort((a, b) => b.align - a.align || b.size - a.size);
  // Line-aligned members inserted greedily where they cost least (d's 4-B vm_refcnt at 128).
  let order = desc.filter((b) => b.align < 64).map((b) => b.id);
  for (const b of desc.filter((x) => x.align >= 64)) {
    let best: number[] | undefined, bestSize = Infinity;
    for (let i = 0; i <= order.length; i++) {
      const o = [...order.slice(0, i), b.id, ...order.slice(i)];
      const size = placeBlocks(blocks, o, new Set()).size;
      if (size < bestSize) { best = o; bestSize = size; }
    }
    order = best!;
  }
  return [desc.map((b) => b.id), order];
}

export interface Placement {
  /** block id → offset */
  offsets: Map<number, number>;
  size: number;
  align: number;
  /** block ids whose ____cacheline_aligned moved them (a "line break" that did something) */
  breaks: Set<number>;
}

const up = (x: number, a: number) => Math.ceil(x / a) * a;

/**
 * Place free blocks in `order` (a C declaration order) after/around the pinned ones: each
 * at the next offset its alignment allows, pushed to a line start when in `breaks`, and
 * past any fixed block it would overlap. Struct alignment = largest member alignment.
 */
export function placeBlocks(blocks: Block[], order: number[], breaks: Set<number>): Placement {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const fixed = blocks.filter((b) => b.fixedAt !== undefined).map((b) => [b.fixedAt!, b.fixedAt! + b.size] as const);
  const offsets = new Map<number, number>();
  for (const b of blocks) if (b.fixedAt !== undefined) offsets.set(b.id, b.fixedAt);
  const used: Set<number> = new Set();
  let cursor = 0, align = 1;
  const fit = (from: number, size: number, a: number) => {
    let off = up(from, a);
    for (let hit = fixed.find(([s, e]) => off < e && off + size > s); hit; hit = fixed.find(([s, e]) => off < e && off + size > s)) off = up(hit[1], a);
    return off;
  };
  for (const id of order) {
    const b = byId.get(id)!;
    const off = fit(cursor, b.size, breaks.has(id) ? Math.max(64, b.align) : b.align);
    // a break that lands where the block would be anyway changes nothing: drop it, so the
    // C text carries no useless attribute and equal placements compare equal
    if (breaks.has(id) && off !== fit(cursor, b.size, b.align)) used.add(id);
    offsets.set(id, off);
    cursor = off + b.size;
    align = Math.max(align, used.has(id) ? 64 : b.align);
  }
  for (const b of blocks) align = Math.max(align, b.align);
  const end = Math.max(...blocks.map((b) => offsets.get(b.id)! + b.size));
  return { offsets, size: up(end, align), align, breaks: used };
}

/** Canonical text of a placement (cache key): offsets in block-id order. */
export function placementKey(p: Placement): string {
  return [...p.offsets.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o).join(',') + `|${p.size}`;
}
