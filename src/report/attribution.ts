/**
 * perf-c2c-style attribution: per point, the hottest cachelines (HITM local/remote,
 * invalidations, prefetch invalidations, which fields at which byte ranges, which code
 * paths, which CPUs) and the top (writer field → victim field) pairs by coherence misses
 * and by prefetch-induced invalidations. Counts are per-iteration means over the point's runs.
 */
import { stringify } from '../util/csv.ts';
import { CSV_NUMBERS } from '../util/csv-number.ts';
import type { LineStat, PointCoords, PointResult, SiteInfo } from '../model/result-types.ts';
import { coordKey, coordLabel, pickCoords } from './axes.ts';

/** A LineStat with its site ids and CPU numbers resolved to names and ranges. */
export interface LineRow extends Omit<LineStat, 'sites' | 'cpus'> {
  /** "object.field +off..end (access)" for every site that touched the line */
  fields: string[];
  paths: string[];
  cpus: string;
}

export interface PairRow {
  writer: string;
  victim: string;
  writerPath: string;
  victimPath: string;
  /** the access sites (program steps) the row is keyed by: "s12 rmw" — one field and path can have several */
  writerSite: string;
  victimSite: string;
  /** true sharing: the victim reads or writes the very field that was written; else false sharing */
  trueSharing: boolean;
  misses: number;
  viaPrefetch: number;
  remote: number;
  missesPerOp: number;
  viaPrefetchPerOp: number;
}

export interface PointAttribution {
  coords: PointCoords;
  iterations: number;
  opsPerIteration: number;
  lines: LineRow[];
  /** every (writer site → victim site) pair with a miss or a prefetch invalidation, by misses */
  pairs: PairRow[];
  pairsByMisses: PairRow[];
  pairsByPrefetch: PairRow[];
}

/** "vma.vm_file" or "vma+136" when the access is not to a named field. */
export function fieldLabel(site: SiteInfo | undefined): string {
  if (!site) return '?';
  return site.field.startsWith('+') ? `${site.object}${site.field}` : `${site.object}.${site.field}`;
}

/** "s12 rmw": the site id (one per program step) and its access kind. */
function siteLabel(id: number, site: SiteInfo | undefined): string {
  return `s${id} ${site?.access ?? '?'}`;
}

/** Same object and overlapping bytes: the victim touches the data that was written (true sharing). */
function sameData(w: SiteInfo | undefined, v: SiteInfo | undefined): boolean {
  if (!w || !v || w.object !== v.object) return false;
  return w.offset < v.offset + v.size && v.offset < w.offset + w.size;
}

/** CPU list as ranges, like perf/taskset: 0-13,28-41. */
export function cpuRanges(cpus: number[]): string {
  const s = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j > i ? `${s[i]}-${s[j]}` : `${s[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function attributePoint(point: PointResult, topN = 10): PointAttribution {
  const n = Math.max(1, point.runs.length);
  const sites = new Map(point.sites.map((s) => [s.id, s]));
  const ops = point.runs.reduce((a, r) => a + r.counters.ops, 0);

  const lines = new Map<number, LineRow & { siteIds: Set<number>; cpuSet: Set<number> }>();
  for (const run of point.runs) {
    for (const l of run.lines) {
      let row = lines.get(l.addr);
      if (!row) {
        row = { addr: l.addr, accesses: 0, misses: 0, hitmLocal: 0, hitmRemote: 0, invalidations: 0, prefetchInvalidations: 0,
          fields: [], paths: [], cpus: '', siteIds: new Set(), cpuSet: new Set() };
        lines.set(l.addr, row);
      }
      row.accesses += l.accesses / n; row.misses += l.misses / n;
      row.hitmLocal += l.hitmLocal / n; row.hitmRemote += l.hitmRemote / n;
      row.invalidations += l.invalidations / n; row.prefetchInvalidations += l.prefetchInvalidations / n;
      l.sites.forEach((s) => row!.siteIds.add(s));
      l.cpus.forEach((c) => row!.cpuSet.add(c));
    }
  }
  const lineRows: LineRow[] = [...lines.values()]
    .sort((a, b) => (b.hitmLocal + b.hitmRemote) - (a.hitmLocal + a.hitmRemote) || b.misses - a.misses || a.addr - b.addr)
    .slice(0, topN)
    .map(({ siteIds, cpuSet, ...row }) => {
      const ss = [...siteIds].map((id) => sites.get(id)).filter((s): s is SiteInfo => !!s).sort((a, b) => a.offset - b.offset);
      const fields = [...new Set(ss.map((s) => `${fieldLabel(s)} +${s.offset}..${s.offset + s.size - 1} (${s.access})`))];
      return { ...row, fields, paths: [...new Set(ss.map((s) => s.path))], cpus: cpuRanges([...cpuSet]) };
    });

  const pairs = new Map<string, PairRow>();
  for (const run of point.runs) {
    for (const fp of run.fieldPairs) {
      const w = sites.get(fp.writerSite), v = sites.get(fp.victimSite);
      const key = `${fp.writerSite}>${fp.victimSite}`;
      let row = pairs.get(key);
      if (!row) {
        row = { writer: fieldLabel(w), victim: fieldLabel(v), writerPath: w?.path ?? '?', victimPath: v?.path ?? '?',
          writerSite: siteLabel(fp.writerSite, w), victimSite: siteLabel(fp.victimSite, v), trueSharing: sameData(w, v),
          misses: 0, viaPrefetch: 0, remote: 0, missesPerOp: 0, viaPrefetchPerOp: 0 };
        pairs.set(key, row);
      }
      row.misses += fp.misses / n; row.viaPrefetch += fp.viaPrefetch / n; row.remote += fp.remote / n;
    }
  }
  const opsPerIteration = ops / n;
  for (const r of pairs.values()) {
    r.missesPerOp = opsPerIteration > 0 ? r.misses / opsPerIteration : NaN;
    r.viaPrefetchPerOp = opsPerIteration > 0 ? r.viaPrefetch / opsPerIteration : NaN;
  }
  const all = [...pairs.values()].sort((a, b) => b.misses - a.misses || b.viaPrefetch - a.viaPrefetch);
  return {
    coords: point.coords,
    iterations: point.runs.length,
    opsPerIteration,
    lines: lineRows,
    pairs: all.filter((r) => r.misses > 0 || r.viaPrefetch > 0),
    pairsByMisses: all.filter((r) => r.misses > 0).sort((a, b) => b.misses - a.misses).slice(0, topN),
    pairsByPrefetch: all.filter((r) => r.viaPrefetch > 0).sort((a, b) => b.viaPrefetch - a.viaPrefetch).slice(0, topN),
  };
}

/** Representative points for the HTML: the max thread count of each (layout, profile, prefetch, ...) series. */
export function representativePoints(points: PointResult[]): PointResult[] {
  const best = new Map<string, PointResult>();
  for (const p of points) {
    const k = coordKey(pickCoords(p.coords, ['threads']));
    const cur = best.get(k);
    if (!cur || Number(p.coords.threads ?? 0) > Number(cur.coords.threads ?? 0)) best.set(k, p);
  }
  return [...best.values()];
}

const r4 = (x: number) => x; // rounded by the shared CSV rule (CSV_NUMBERS)

/** attribution.csv: every point's top lines and top pairs, one row each, tagged by kind. */
export function attributionCsv(attrs: PointAttribution[]): string {
  const rows: Record<string, string | number>[] = [];
  for (const a of attrs) {
    const point = coordLabel(a.coords);
    for (const l of a.lines) {
      rows.push({ point, kind: 'line', addr: `0x${l.addr.toString(16)}`, accesses: r4(l.accesses), misses: r4(l.misses),
        hitm_local: r4(l.hitmLocal), hitm_remote: r4(l.hitmRemote), invalidations: r4(l.invalidations),
        prefetch_invalidations: r4(l.prefetchInvalidations), fields: l.fields.join('; '), paths: l.paths.join('; '), cpus: l.cpus });
    }
    // every site pair (the HTML shows the top ones): nothing is merged or dropped here
    for (const p of a.pairs) {
      rows.push({ point, kind: 'pair', sharing: p.trueSharing ? 'true' : 'false', writer: p.writer, writer_path: p.writerPath,
        writer_site: p.writerSite, victim: p.victim, victim_path: p.victimPath, victim_site: p.victimSite,
        misses: r4(p.misses), via_prefetch: r4(p.viaPrefetch), remote: r4(p.remote), misses_per_op: r4(p.missesPerOp),
        via_prefetch_per_op: r4(p.viaPrefetchPerOp) });
    }
  }
  return stringify(rows, { ...CSV_NUMBERS, header: true, columns: ['point', 'kind', 'sharing', 'addr', 'accesses', 'misses', 'hitm_local', 'hitm_remote',
    'invalidations', 'prefetch_invalidations', 'fields', 'paths', 'cpus', 'writer', 'writer_path', 'writer_site', 'victim', 'victim_path', 'victim_site',
    'via_prefetch', 'remote', 'misses_per_op', 'via_prefetch_per_op'] });
}
