/**
 * A candidate = a declaration order of the free blocks + the blocks it marks
 * ____cacheline_aligned ("breaks"). This module turns one into a layout that passes the
 * layout validator and whose C rendering reproduces its offsets: a used break puts
 * align 64 on the block's first member (printed as ____cacheline_aligned_in_smp), and a
 * gap that neither alignment explains (before a --fixed member) becomes an explicit
 * `char __padN[n]` member.
 */
import type { Layout, LayoutField, SlabInfo } from '../layout/schema.ts';
import { checkLayout } from '../layout/validate.ts';
import { Rng } from '../util/rng.ts';
import { placeBlocks, type Block, type Placement } from './blocks.ts';

export interface Candidate {
  order: number[];
  breaks: Set<number>;
}

export function candidateLayout(input: Layout, blocks: Block[], c: Candidate, meta: { name: string; description: string; slab: SlabInfo }): { layout: Layout; placement: Placement } {
  const p = placeBlocks(blocks, c.order, c.breaks);
  const placed = blocks.map((b) => ({ b, off: p.offsets.get(b.id)! })).sort((x, y) => x.off - y.off);
  const fields: LayoutField[] = [];
  let prevEnd = 0, pads = 0;
  for (const { b, off } of placed) {
    const a = p.breaks.has(b.id) ? 64 : b.align;
    if (off > prevEnd && Math.ceil(prevEnd / a) * a !== off) {
      fields.push({ name: `__pad${pads++}`, type: `char[${off - prevEnd}]`, offset: prevEnd, size: off - prevEnd, align: 1 });
    }
    let marked = false;
    for (const f of b.fields) {
      const g: LayoutField = { ...f, offset: off + f.offset };
      if (p.breaks.has(b.id) && !marked && f.offset === 0) { g.align = 64; marked = true; }
      fields.push(g);
    }
    prevEnd = Math.max(prevEnd, off + b.size);
  }
  const layout: Layout = {
    name: meta.name, description: meta.description,
    source: `linesim regroup of ${input.name} (${input.source.slice(0, 200)})`,
    size: p.size, align: p.align, slab: meta.slab, fields,
  };
  checkLayout(layout, `regroup candidate ${meta.name}`); // a bug here is ours, not the user's
  return { layout, placement: p };
}

/** The input's own order and line starts, as a candidate (fixed blocks excluded). */
export function inputCandidate(blocks: Block[]): Candidate {
  const free = blocks.filter((b) => b.fixedAt === undefined).sort((a, b) => a.inputOffset - b.inputOffset);
  return { order: free.map((b) => b.id), breaks: new Set(free.filter((b) => b.inputOffset % 64 === 0 && b.inputOffset > 0).map((b) => b.id)) };
}

/** Seeded Fisher–Yates over the free blocks, no breaks: a deliberately bad start. */
export function shuffledCandidate(blocks: Block[], seed: number): Candidate {
  const order = blocks.filter((b) => b.fixedAt === undefined).map((b) => b.id);
  const rng = new Rng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return { order, breaks: new Set() };
}
