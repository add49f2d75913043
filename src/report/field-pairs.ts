/**
 * Field-level view of a point's attribution: the (writer field → victim field) pairs,
 * summed over the access sites and code paths that produced them. The verdict, the
 * heatmaps and summary.md's "top field pairs" all use this one function, over the same
 * site-level rows attribution.csv lists, so their totals agree with the CSV.
 */
import type { PointAttribution } from './attribution.ts';

export interface FieldPair {
  writer: string;
  victim: string;
  /** true sharing (the victim touches the written bytes) vs false sharing */
  trueSharing: boolean;
  missesPerOp: number;
  viaPrefetchPerOp: number;
  /** "writer path → victim path" of the site pairs summed here, largest first */
  paths: string[];
}

export function fieldPairs(a: PointAttribution): FieldPair[] {
  const acc = new Map<string, FieldPair & { byPath: Map<string, number> }>();
  for (const p of a.pairs) {
    const k = `${p.writer}>${p.victim}`;
    let e = acc.get(k);
    if (!e) acc.set(k, (e = { writer: p.writer, victim: p.victim, trueSharing: p.trueSharing, missesPerOp: 0, viaPrefetchPerOp: 0, paths: [], byPath: new Map() }));
    e.missesPerOp += p.missesPerOp;
    e.viaPrefetchPerOp += p.viaPrefetchPerOp;
    // a field pair is true sharing if any of its site pairs touch the same bytes
    e.trueSharing ||= p.trueSharing;
    const path = `${p.writerPath} → ${p.victimPath}`;
    e.byPath.set(path, (e.byPath.get(path) ?? 0) + p.misses + p.viaPrefetch);
  }
  return [...acc.values()]
    .map(({ byPath, ...e }) => ({ ...e, paths: [...byPath].sort((x, y) => y[1] - x[1]).map(([k]) => k) }))
    .sort((x, y) => y.missesPerOp - x.missesPerOp || y.viaPrefetchPerOp - x.viaPrefetchPerOp);
}
