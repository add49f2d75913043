/**
 * Static facts about a layout for the side-by-side compare report (pahole-style numbers)
 * plus the lines each code path touches, derived from the sites a run recorded and the
 * layout's own offsets. Line numbers are object-relative (offset / 64), which is what the
 * hardware sees only when the slab places objects on 64-B boundaries; the report says so.
 */
import type { SiteInfo } from '../model/result-types.ts';
import type { ResolvedLayout } from '../model/point-spec.ts';

export const LINE = 64;
export const PAIR = 128;

export interface LayoutStats {
  name: string;
  size: number;
  cachelines: number;
  /** 128-B pairs one object spans, min–max over the start phases its slab alignment allows */
  pairsMin: number;
  pairsMax: number;
  holes: number;
  holeBytes: number;
  tailPadding: number;
  objectAlign: number;
}

export function layoutStats(l: ResolvedLayout): LayoutStats {
  // Holes: bytes covered by no field. Union members overlap, so walk a coverage map.
  const covered = new Uint8Array(l.size);
  for (const f of l.fields) covered.fill(1, f.offset, Math.min(l.size, f.offset + f.size));
  const end = Math.max(...l.fields.map((f) => f.offset + f.size));
  let holes = 0, holeBytes = 0;
  for (let i = 0; i < end; i++) {
    if (covered[i]) continue;
    holeBytes++;
    if (i === 0 || covered[i - 1]) holes++;
  }
  const pairs: number[] = [];
  for (let start = 0; start < PAIR; start += Math.min(PAIR, l.objectAlign)) {
    pairs.push(Math.floor((start + l.size - 1) / PAIR) - Math.floor(start / PAIR) + 1);
  }
  return {
    name: l.name, size: l.size, cachelines: Math.ceil(l.size / LINE), pairsMin: Math.min(...pairs), pairsMax: Math.max(...pairs),
    holes, holeBytes, tailPadding: l.size - end, objectAlign: l.objectAlign,
  };
}

/** Lines [first, last] of the object a byte range touches. */
export function linesOf(offset: number, size: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(offset / LINE); k <= Math.floor((offset + size - 1) / LINE); k++) out.push(k);
  return out;
}

export interface PathLines {
  path: string;
  /** object-relative lines of the main object the path reads or writes */
  lines: number[];
  /** of which written (write or atomic RMW) */
  written: number[];
}

/**
 * Per code path, which lines of the main object (role `object`, "vma" for the kernel
 * workloads) it touches. Offsets come from the sites, which the workload took from the
 * layout, so each layout gets its own answer for the same path.
 */
export function linesByPath(sites: readonly SiteInfo[], object = 'vma'): PathLines[] {
  const by = new Map<string, { lines: Set<number>; written: Set<number> }>();
  for (const s of sites) {
    if (s.object !== object) continue;
    let e = by.get(s.path);
    if (!e) by.set(s.path, (e = { lines: new Set(), written: new Set() }));
    for (const k of linesOf(s.offset, s.size)) {
      e.lines.add(k);
      if (s.access !== 'read') e.written.add(k);
    }
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return [...by.entries()].map(([path, e]) => ({ path, lines: sorted(e.lines), written: sorted(e.written) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** "L0 L1 (w: L2)" for a table cell. */
export function formatPathLines(p: PathLines | undefined): string {
  if (!p) return '–';
  const ls = p.lines.map((k) => `L${k}`).join(' ');
  return p.written.length ? `${ls} (w: ${p.written.map((k) => `L${k}`).join(' ')})` : ls;
}
