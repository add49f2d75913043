/**
 * What the side-by-side compare report shows, computed from the run's points: sections of
 * tables (the same TableData the standard report uses, so HTML and Markdown agree).
 * With sweep axes (slabOffset, objectAlign, ...) the tables use the *reference slice*
 * (each extra axis at its first value); the heatmap covers the whole sweep.
 */
import type { PointResult } from '../experiment/result-types.ts';
import type { EffectiveExperiment } from '../experiment/load.ts';
import type { ResolvedLayout } from '../workload/point-spec.ts';
import { coordKey, coordLabel, pickCoords } from '../report/axes.ts';
import { compareTables, type CompareSetup } from '../report/compare.ts';
import { compareTableData, type TableData } from '../report/tables.ts';
import { formatPathLines, layoutStats, linesByPath, linesOf, type LayoutStats } from './layout-stats.ts';
import { fieldCosts, findNewSharing, NEW_SHARING_MIN_PER_OP, type NewSharing } from './pairs.ts';

export interface CompareInput {
  experiment: EffectiveExperiment;
  layouts: Array<{ label: string; layout: ResolvedLayout }>;
  points: PointResult[];
  notes: string[];
  /** the object whose layout is compared ("vma" for pft) and what one op is ("fault") */
  mainObject?: string;
  unit?: string;
}

export interface Section {
  id: string;
  title: string;
  intro?: string;
  tables: Array<{ caption?: string; data: TableData }>;
}

export interface CompareModel {
  title: string;
  notes: string[];
  baseline: string;
  layouts: LayoutStats[];
  newSharing: NewSharing[];
  sections: Section[];
  /** long-format rows for compare.csv */
  csvRows: Array<Record<string, string | number>>;
}

const n3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const n0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
const BASE_AXES = ['layout', 'profile', 'prefetch', 'threads'];

/** Summed thread cycles per measured op (the model's "cycles per fault"), mean over runs. */
export function cyclesPerOp(p: PointResult): number {
  let cyc = 0, ops = 0;
  for (const r of p.runs) {
    cyc += Object.values(r.breakdown).reduce((a, x) => a + x, 0);
    ops += r.counters.ops;
  }
  return ops > 0 ? cyc / ops : NaN;
}

/** Points at the first value of every extra axis (slabOffset, objectAlign, ...). */
export function referenceSlice(exp: EffectiveExperiment, points: PointResult[]): PointResult[] {
  const first = Object.fromEntries(Object.entries(exp.axes).map(([k, v]) => [k, v[0]]));
  return points.filter((p) => Object.entries(first).every(([k, v]) => String(p.coords[k]) === String(v)));
}

function maxThreads(points: PointResult[]): number {
  return Math.max(...points.map((p) => Number(p.coords.threads)));
}

export function buildCompareModel(input: CompareInput): CompareModel {
  const { experiment: exp, layouts } = input;
  const obj = input.mainObject ?? 'vma', unit = input.unit ?? 'fault';
  const labels = layouts.map((l) => l.label);
  const baseline = exp.baseline ?? labels[0]!;
  const candidates = labels.filter((l) => l !== baseline);
  const slice = referenceSlice(exp, input.points);
  const sliceAxes = Object.keys(exp.axes).length ? ` Extra axes at ${Object.entries(exp.axes).map(([k, v]) => `${k}=${v[0]}`).join(', ')}.` : '';
  const at = (layout: string, rest: Record<string, string | number>) => slice.find((p) => coordKey(p.coords) === coordKey({ ...rest, layout }));
  const groups = new Map<string, Record<string, string | number>>();
  for (const p of slice) {
    const g = pickCoords(p.coords, ['layout', 'threads']);
    groups.set(coordKey(g), g);
  }
  const top = maxThreads(slice);
  const sections: Section[] = [];
  const csvRows: CompareModel['csvRows'] = [];

  // Layout facts.
  const stats = layouts.map((l) => ({ ...layoutStats(l.layout), name: l.label }));
  sections.push({ id: 'layouts', title: 'Layouts', intro: 'Size, cachelines (64 B), 128-B adjacent-line pairs an object spans (min–max over the start phases its slab alignment allows), holes (bytes no field covers, excluding tail padding).', tables: [{ data: {
    header: ['layout', 'size', 'cachelines', '128-B pairs', 'holes', 'hole bytes', 'tail padding', 'slab object align'],
    body: stats.map((s) => [s.name, String(s.size), String(s.cachelines),
      s.pairsMin === s.pairsMax ? String(s.pairsMin) : `${s.pairsMin}–${s.pairsMax}`, String(s.holes), String(s.holeBytes), String(s.tailPadding), String(s.objectAlign)]),
    numeric: [1, 2, 4, 5, 6, 7],
  } }] });

  // Rates with % change (mmtests style, the standard report's tables on the reference slice).
  const setup: CompareSetup = { axis: 'layout', baseline, candidates };
  const tables = compareTables(slice, setup);
  sections.push({ id: 'rates', title: `Rates per thread count, % change vs ${baseline}`, intro: `Hmean over ${exp.iterations} iteration(s); * marks a change outside the run-to-run spread (Welch t-test p < 0.05).${sliceAxes}`,
    tables: tables.map((t) => ({ caption: coordLabel(t.group) || 'all points', data: compareTableData(t) })) });
  for (const t of tables) {
    for (const r of t.rows) {
      const g = coordLabel(t.group);
      csvRows.push({ group: g, layout: baseline, threads: r.threads, metric: r.metric.name, value: r.baseline.value, pct_vs_baseline: 0 });
      for (const c of r.candidates) if (c) csvRows.push({ group: g, layout: c.name, threads: r.threads, metric: r.metric.name, value: c.value, pct_vs_baseline: c.pct });
    }
  }

  // Cycles per fault.
  const cycTables: Section['tables'] = [];
  for (const g of groups.values()) {
    const threads = [...new Set(slice.filter((p) => coordKey(pickCoords(p.coords, ['layout', 'threads'])) === coordKey(g)).map((p) => Number(p.coords.threads)))].sort((a, b) => a - b);
    const body = threads.map((t) => {
      const base = at(baseline, { ...g, threads: t });
      const b = base ? cyclesPerOp(base) : NaN;
      return [String(t), ...labels.map((l) => {
        const p = at(l, { ...g, threads: t });
        const c = p ? cyclesPerOp(p) : NaN;
        if (p) csvRows.push({ group: coordLabel(g), layout: l, threads: t, metric: `cycles_per_${unit}`, value: c, pct_vs_baseline: l === baseline ? 0 : ((c - b) / b) * 100 });
        return l === baseline || !Number.isFinite(b) ? n0(c) : `${n0(c)} (${(((c - b) / b) * 100).toFixed(2)}%)`;
      })];
    });
    cycTables.push({ caption: coordLabel(g), data: { header: ['threads', ...labels], body, numeric: labels.map((_, i) => i + 1) } });
  }
  sections.push({ id: 'cycles', title: `Cycles per ${unit}`, intro: `CPU cycles summed over threads per measured ${unit} (lower is better; the inverse of ${unit}s per CPU-second).`, tables: cycTables });

  // Lines touched per code path (sites of each layout's first-group point at max threads).
  const g0 = [...groups.values()][0] ?? {};
  const pl = labels.map((l) => linesByPath(at(l, { ...g0, threads: top })?.sites ?? [], obj));
  const paths = [...new Set(pl.flatMap((x) => x.map((p) => p.path)))].sort();
  sections.push({ id: 'paths', title: `${obj === 'vma' ? 'vm_area_struct' : `'${obj}'`} lines touched per code path`, intro: 'Object-relative 64-B lines (offset / 64) each path reads; (w: …) the lines it writes. Object-relative lines are hardware lines only when the slab aligns objects to 64 B.',
    tables: [{ data: { header: ['path', ...labels], body: paths.map((path) => [path, ...pl.map((x) => formatPathLines(x.find((p) => p.path === path)))]) } }] });

  // Per field and per line, before vs after, at max threads per group.
  const fieldTables: Section['tables'] = [];
  const lineTables: Section['tables'] = [];
  for (const g of groups.values()) {
    const pts = labels.map((l) => at(l, { ...g, threads: top }));
    const costs = pts.map((p) => (p ? fieldCosts(p) : new Map()));
    const fields = [...new Set(costs.flatMap((c) => [...c.keys()]))].sort();
    fieldTables.push({ caption: `${coordLabel(g)} threads=${top}`, data: {
      header: ['field', ...labels.flatMap((l) => [`${l} victim misses/op`, `${l} via prefetch/op`, `${l} caused/op`])],
      body: fields.map((f) => [f, ...costs.flatMap((c) => { const e = c.get(f); return e ? [n3(e.victimMissesPerOp), n3(e.victimViaPrefetchPerOp), n3(e.causedPerOp)] : ['–', '–', '–']; })]),
      numeric: labels.flatMap((_, i) => [1 + 3 * i, 2 + 3 * i, 3 + 3 * i]),
    } });
    const body: string[][] = [];
    pts.forEach((p, i) => { if (p) for (const r of lineRows(p, obj)) body.push([labels[i]!, ...r]); });
    lineTables.push({ caption: `${coordLabel(g)} threads=${top}`, data: {
      header: ['layout', 'line', 'HITM local/op', 'HITM remote/op', 'invalidations/op', 'prefetch inv./op', 'fields'], body, numeric: [2, 3, 4, 5] } });
  }
  sections.push({ id: 'fields', title: 'False sharing per field, before vs after', intro: `Coherence misses each field suffered from writes to *other* fields (victim), of which caused by a buddy-line prefetch, and the misses its own writes caused in other fields, per ${unit}.`, tables: fieldTables });
  sections.push({ id: 'lines', title: 'Per cacheline (perf c2c style), before vs after', intro: `Shared lines with HITM-like transfers or invalidations, per ${unit}. "${obj} Lk" = line k of the ${obj} object (object-relative).`, tables: lineTables });

  // New sharing: candidate vs baseline at the same coordinates.
  const where = (p: PointResult) => coordLabel(pickCoords(p.coords, ['layout']));
  const basePts = slice.filter((p) => p.coords.layout === baseline).map((p) => ({ where: where(p), point: p }));
  const newSharing = candidates.flatMap((c) => findNewSharing(basePts, slice.filter((p) => p.coords.layout === c).map((p) => ({ where: where(p), point: p })), c));
  return { title: exp.name, notes: [...input.notes, `New sharing: a (writer field → victim field) pair with writer ≠ victim and ≥ ${NEW_SHARING_MIN_PER_OP} misses per ${unit} in a candidate, where the baseline recorded none at the same profile, prefetch and thread count.`], baseline, layouts: stats, newSharing, sections, csvRows };
}

/** Line rows of one point: per-op HITM, invalidations and prefetch invalidations, labelled by object line. */
export function lineRows(p: PointResult, obj = 'vma'): string[][] {
  const sites = new Map(p.sites.map((s) => [s.id, s]));
  const ops = Math.max(1, p.runs.reduce((a, r) => a + r.counters.ops, 0));
  const acc = new Map<number, { hl: number; hr: number; inv: number; pinv: number; ids: Set<number> }>();
  for (const run of p.runs) for (const l of run.lines) {
    let e = acc.get(l.addr);
    if (!e) acc.set(l.addr, (e = { hl: 0, hr: 0, inv: 0, pinv: 0, ids: new Set() }));
    e.hl += l.hitmLocal; e.hr += l.hitmRemote; e.inv += l.invalidations; e.pinv += l.prefetchInvalidations;
    l.sites.forEach((s) => e!.ids.add(s));
  }
  const rows: Array<{ key: number; row: string[] }> = [];
  for (const [addr, e] of acc) {
    if (e.hl + e.hr + e.inv + e.pinv === 0) continue;
    const ss = [...e.ids].map((id) => sites.get(id)!).filter(Boolean).sort((a, b) => a.offset - b.offset);
    const vma = ss.filter((s) => s.object === obj);
    const label = vma.length ? `${obj} L${linesOf(vma[0]!.offset, 1)[0]}` : ss.length ? [...new Set(ss.map((s) => s.object))].join('+') : `0x${addr.toString(16)}`;
    const written = new Set(ss.filter((s) => s.access !== 'read').map((s) => s.field));
    const fields = [...new Set(ss.map((s) => s.field))].map((f) => (written.has(f) ? `${f} (w)` : f)).join(', ');
    rows.push({ key: -(e.hl + e.hr + e.inv + e.pinv), row: [label, n3(e.hl / ops), n3(e.hr / ops), n3(e.inv / ops), n3(e.pinv / ops), fields] });
  }
  return rows.sort((a, b) => a.key - b.key).slice(0, 8).map((r) => r.row);
}
