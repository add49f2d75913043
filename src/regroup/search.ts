/**
 * Starting candidates from known heuristics, then simulated annealing over declaration
 * orders with the model in the loop.
 *  - writer-groups (Huron, Khan et al. PLDI'19): blocks grouped by the set of code paths
 *    that write them; read-only hot blocks together; each writer group starts a line.
 *  - split-read-mostly (kernel Documentation/kernel-hacking/false-sharing.rst): read-mostly
 *    hot fields first, the written fields on a line of their own, cold fields filling it.
 *  - pack (pahole --reorganize): decreasing alignment, then size, no line starts.
 * Access classes come from the sites of a baseline run of the input (which fields each
 * path reads / writes in the model's programs).
 */
import type { SiteInfo } from '../experiment/result-types.ts';
import { Rng } from '../util/rng.ts';
import { packedOrders, placeBlocks, placementKey, type Block } from './blocks.ts';
import type { Candidate } from './candidate.ts';

export interface BlockClass {
  written: boolean;
  read: boolean;
  writers: string;
  accesses: number;
}

export function classifyBlocks(blocks: Block[], sites: readonly SiteInfo[], object = 'vma'): Map<number, BlockClass> {
  const out = new Map<number, BlockClass>();
  for (const b of blocks) {
    const names = new Set(b.fields.map((f) => f.name));
    const mine = sites.filter((s) => s.object === object && names.has(s.field));
    const writers = [...new Set(mine.filter((s) => s.access !== 'read').map((s) => s.path))].sort();
    out.set(b.id, { written: writers.length > 0, read: mine.some((s) => s.access === 'read'), writers: writers.join(','), accesses: mine.length });
  }
  return out;
}

/**
 * Fill the holes a line start (a break or a ____cacheline_aligned member) or any other
 * alignment leaves in front of a block with later blocks that are not written
 * (cold first, then read-only, largest first), the way the v10 regrouping filled the
 * lock's line with rarely used members: a heuristic order that overflows the size bound
 * only because of its alignment holes then fits. Returns the input when nothing moves.
 */
export function fillHoles(blocks: Block[], c: Candidate, cls: Map<number, BlockClass>): Candidate {
  const byId = new Map(blocks.map((b) => [b.id, b]));
  const rank = (id: number) => (cls.get(id)?.written ? 2 : cls.get(id)?.read ? 1 : 0);
  let order = [...c.order];
  for (let guard = 0; guard < order.length * order.length; guard++) {
    const p = placeBlocks(blocks, order, c.breaks);
    // the first hole that a later block could fill
    let moved = false;
    for (let i = 1; i < order.length && !moved; i++) {
      const id = order[i]!, prev = order[i - 1]!;
      const holeStart = p.offsets.get(prev)! + byId.get(prev)!.size;
      const hole = p.offsets.get(id)! - holeStart;
      const fits = order.slice(i + 1).filter((x) => {
        const b = byId.get(x)!;
        return rank(x) < 2 && Math.ceil(holeStart / b.align) * b.align + b.size <= p.offsets.get(id)!;
      }).sort((x, y) => rank(x) - rank(y) || byId.get(y)!.size - byId.get(x)!.size || x - y);
      if (hole > 0 && fits.length > 0) {
        const x = fits[0]!;
        order = order.filter((y) => y !== x);
        order.splice(order.indexOf(id), 0, x);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return { order, breaks: new Set(c.breaks) };
}

export function heuristicCandidates(blocks: Block[], cls: Map<number, BlockClass>): Array<{ name: string; c: Candidate }> {
  const free = blocks.filter((b) => b.fixedAt === undefined).sort((a, b) => a.inputOffset - b.inputOffset);
  const W = free.filter((b) => cls.get(b.id)!.written);
  const R = free.filter((b) => !cls.get(b.id)!.written && cls.get(b.id)!.read);
  const C = free.filter((b) => !cls.get(b.id)!.written && !cls.get(b.id)!.read);
  const ids = (bs: Block[]) => bs.map((b) => b.id);
  const byWriters = new Map<string, Block[]>();
  for (const b of W) byWriters.set(cls.get(b.id)!.writers, [...(byWriters.get(cls.get(b.id)!.writers) ?? []), b]);
  const wGroups = [...byWriters.values()];
  const out: Array<{ name: string; c: Candidate }> = [];
  const huron = { order: [...ids(R), ...ids(C), ...wGroups.flatMap(ids)], breaks: new Set(wGroups.map((g) => g[0]!.id)) };
  out.push({ name: 'writer-groups (Huron)', c: huron });
  out.push({ name: 'writer-groups, holes filled', c: fillHoles(blocks, huron, cls) });
  if (W.length) {
    const split = { order: [...ids(R), ...ids(W), ...ids(C)], breaks: new Set([W[0]!.id]) };
    out.push({ name: 'split-read-mostly (false-sharing.rst)', c: split });
    out.push({ name: 'split-read-mostly, holes filled', c: fillHoles(blocks, split, cls) });
  }
  const packed = packedOrders(blocks).map((order) => ({ order, size: placeBlocks(blocks, order, new Set()).size })).sort((a, b) => a.size - b.size)[0]!;
  out.push({ name: 'pack (pahole --reorganize)', c: { order: packed.order, breaks: new Set() } });
  return out;
}

export interface SearchHooks {
  /** short-run score of a candidate (cached by the caller's key) */
  score: (c: Candidate) => number;
  /** called after every proposal */
  progress: (evaluated: number, best: number) => void;
}

export interface SearchResult {
  best: Candidate;
  bestScore: number;
  /** distinct candidates by short score, best first */
  top: Array<{ c: Candidate; score: number; key: string }>;
  evaluated: number;
  infeasible: number;
}

function neighbour(c: Candidate, rng: Rng, free: number[]): Candidate {
  const order = [...c.order];
  const breaks = new Set(c.breaks);
  const r = rng.next();
  if (r < 0.4 && order.length > 1) {
    const [x] = order.splice(rng.int(order.length), 1);
    order.splice(rng.int(order.length + 1), 0, x!);
  } else if (r < 0.7 && order.length > 1) {
    const i = rng.int(order.length), j = rng.int(order.length);
    [order[i], order[j]] = [order[j]!, order[i]!];
  } else {
    const id = free[rng.int(free.length)]!;
    if (breaks.has(id)) breaks.delete(id); else breaks.add(id);
  }
  return { order, breaks };
}

/** Simulated annealing: relative-worsening acceptance exp(−Δ/(score·T)), T geometric 2 % → 0.1 %. */
export function anneal(blocks: Block[], maxSize: number, start: Candidate, budget: number, seed: number, hooks: SearchHooks): SearchResult {
  const rng = new Rng(seed);
  const free = start.order;
  const seen = new Map<string, { c: Candidate; score: number }>();
  let evaluated = 0, infeasible = 0;
  const scoreOf = (c: Candidate): number | null => {
    const p = placeBlocks(blocks, c.order, c.breaks);
    if (p.size > maxSize) { infeasible++; return null; }
    const key = placementKey(p);
    const hit = seen.get(key);
    if (hit) return hit.score;
    const s = hooks.score(c);
    evaluated++;
    seen.set(key, { c, score: s });
    return s;
  };
  let cur = start;
  let curScore = scoreOf(start) ?? Infinity;
  let best = cur, bestScore = curScore;
  const T0 = 0.02, T1 = 0.001;
  // Stop after budget evaluations, or 20× budget proposals (caches and infeasible moves cost nothing).
  for (let k = 0; evaluated < budget && k < budget * 20; k++) {
    const T = T0 * Math.pow(T1 / T0, evaluated / budget);
    const next = neighbour(cur, rng, free);
    const s = scoreOf(next);
    if (s === null) continue;
    if (s < curScore || rng.next() < Math.exp(-((s - curScore) / curScore) / T)) { cur = next; curScore = s; }
    if (s < bestScore) { best = next; bestScore = s; }
    hooks.progress(evaluated, bestScore);
  }
  const top = [...seen.entries()].map(([key, v]) => ({ ...v, key })).sort((a, b) => a.score - b.score);
  return { best, bestScore, top, evaluated, infeasible };
}
