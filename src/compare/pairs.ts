/**
 * Field pairs compared across layouts by *name*: site ids differ per layout (and per run
 * of the program builder), but "vma.vm_refcnt → vma.vm_flags" means the same thing in
 * every layout that has both fields. "False sharing" here is a coherence miss of one
 * field caused by a write (or a write's buddy prefetch) to a *different* field; a field
 * invalidated by writes to itself is true sharing and never flagged.
 */
import type { PointResult, SiteInfo } from '../model/result-types.ts';
import { fieldLabel } from '../report/attribution.ts';

export interface NamedPair {
  writer: string;
  victim: string;
  writerPaths: string[];
  victimPaths: string[];
  /** per measured op (fault), mean over the point's runs */
  missesPerOp: number;
  viaPrefetchPerOp: number;
  remotePerOp: number;
}

const pairKey = (w: string, v: string) => `${w}\u0000${v}`;

/** All (writer field → victim field) pairs of one point, by field name, per op. */
export function namedPairs(point: PointResult): Map<string, NamedPair> {
  const sites = new Map<number, SiteInfo>(point.sites.map((s) => [s.id, s]));
  const ops = point.runs.reduce((a, r) => a + r.counters.ops, 0);
  const out = new Map<string, NamedPair & { wp: Set<string>; vp: Set<string> }>();
  for (const run of point.runs) {
    for (const fp of run.fieldPairs) {
      const w = sites.get(fp.writerSite), v = sites.get(fp.victimSite);
      const writer = fieldLabel(w), victim = fieldLabel(v);
      const k = pairKey(writer, victim);
      let e = out.get(k);
      if (!e) {
        e = { writer, victim, writerPaths: [], victimPaths: [], missesPerOp: 0, viaPrefetchPerOp: 0, remotePerOp: 0, wp: new Set(), vp: new Set() };
        out.set(k, e);
      }
      if (w) e.wp.add(w.path);
      if (v) e.vp.add(v.path);
      // per op over all runs: sum counts, divide by summed ops below
      e.missesPerOp += fp.misses;
      e.viaPrefetchPerOp += fp.viaPrefetch;
      e.remotePerOp += fp.remote;
    }
  }
  const res = new Map<string, NamedPair>();
  for (const [k, { wp, vp, ...e }] of out) {
    const d = ops > 0 ? ops : NaN;
    res.set(k, { ...e, writerPaths: [...wp].sort(), victimPaths: [...vp].sort(), missesPerOp: e.missesPerOp / d,
      viaPrefetchPerOp: e.viaPrefetchPerOp / d, remotePerOp: e.remotePerOp / d });
  }
  return res;
}

export function isFalseSharing(p: { writer: string; victim: string }): boolean {
  return p.writer !== p.victim;
}

export interface NewSharing extends NamedPair {
  candidate: string;
  /** coordinates (without layout) where the candidate has the pair and the baseline has none */
  where: string[];
  /** "same line" when any of the misses came without a prefetch, else "via prefetch (128-B pair)" */
  kind: 'same line' | 'via prefetch (128-B pair)' | 'same line + via prefetch';
}

/** Default floor below which a candidate's pair is noise, in misses per op. */
export const NEW_SHARING_MIN_PER_OP = 0.01;

/**
 * Pairs that false-share in a candidate but not in the baseline at the same coordinates.
 * Asymmetric on purpose: flagged when the candidate reaches `minPerOp` and the baseline
 * recorded not a single miss for that name pair, so run-to-run noise cannot create a flag
 * and a pair the baseline already had (at any rate) is not "new".
 */
export function findNewSharing(
  baseline: ReadonlyArray<{ where: string; point: PointResult }>,
  candidate: ReadonlyArray<{ where: string; point: PointResult }>,
  candidateName: string,
  minPerOp = NEW_SHARING_MIN_PER_OP,
): NewSharing[] {
  const base = new Map(baseline.map((b) => [b.where, namedPairs(b.point)]));
  const found = new Map<string, NewSharing>();
  for (const c of candidate) {
    const bp = base.get(c.where);
    if (!bp) continue;
    for (const [k, p] of namedPairs(c.point)) {
      if (!isFalseSharing(p) || p.missesPerOp < minPerOp) continue;
      if ((bp.get(k)?.missesPerOp ?? 0) > 0) continue;
      const prev = found.get(k);
      if (!prev || p.missesPerOp > prev.missesPerOp) {
        const onLine = p.missesPerOp - p.viaPrefetchPerOp > 1e-12;
        const kind = p.viaPrefetchPerOp > 0 ? (onLine ? 'same line + via prefetch' : 'via prefetch (128-B pair)') : 'same line';
        found.set(k, { ...p, candidate: candidateName, where: [...(prev?.where ?? []), c.where], kind });
      } else {
        prev.where.push(c.where);
      }
    }
  }
  return [...found.values()].sort((a, b) => b.missesPerOp - a.missesPerOp);
}

/** Per field name: misses it suffered from other fields' writes, and those via prefetch. */
export interface FieldCost {
  field: string;
  victimMissesPerOp: number;
  victimViaPrefetchPerOp: number;
  /** misses its writes caused in other fields */
  causedPerOp: number;
}

export function fieldCosts(point: PointResult): Map<string, FieldCost> {
  const out = new Map<string, FieldCost>();
  const get = (f: string) => {
    let e = out.get(f);
    if (!e) out.set(f, (e = { field: f, victimMissesPerOp: 0, victimViaPrefetchPerOp: 0, causedPerOp: 0 }));
    return e;
  };
  for (const p of namedPairs(point).values()) {
    if (!isFalseSharing(p)) continue;
    const v = get(p.victim);
    v.victimMissesPerOp += p.missesPerOp;
    v.victimViaPrefetchPerOp += p.viaPrefetchPerOp;
    get(p.writer).causedPerOp += p.missesPerOp;
  }
  return out;
}
