/**
 * What-if sweeps as experiment axes (the pft kind reads slabOffset / objectAlign from
 * its params). A slab never starts an object at an offset that is not a multiple of the
 * object alignment, so those combinations are excluded rather than simulated.
 */
import { InputError } from '../util/errors.ts';
import type { ResolvedLayout } from '../model/point-spec.ts';

export const SWEEP_KINDS = ['offsets', 'align', 'prefetch', 'lines'] as const;
export type SweepKind = (typeof SWEEP_KINDS)[number];

export function parseSweep(text: string): SweepKind[] {
  const parts = text.split(',').map((s) => s.trim());
  for (const p of parts) {
    if (!(SWEEP_KINDS as readonly string[]).includes(p)) {
      throw new InputError('--sweep', '', `unknown sweep '${p}' (known: ${SWEEP_KINDS.join(', ')}; comma-separated)`);
    }
  }
  return [...new Set(parts as SweepKind[])];
}

/** "start:end:step" (bytes, inclusive end) → offsets; each a multiple of 16 within a 4-KiB page. */
export function parseOffsets(text: string): number[] {
  const m = /^\s*(\d+)\s*:\s*(\d+)\s*:\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InputError('--offsets', '', `expected start:end:step in bytes, e.g. 0:4080:16, got '${text}'`);
  const [start, end, step] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (step < 16 || step % 16 !== 0) throw new InputError('--offsets', '', `step ${step} must be a positive multiple of 16 (slab objects are at least 16-B aligned)`);
  if (start % 16 !== 0) throw new InputError('--offsets', '', `start ${start} must be a multiple of 16`);
  if (end < start || end >= 4096) throw new InputError('--offsets', '', `end ${end} must be ≥ start ${start} and < 4096 (one page)`);
  const out: number[] = [];
  for (let o = start; o <= end; o += step) out.push(o);
  return out;
}

export interface SweepSetup {
  axes: Record<string, number[]>;
  exclude: Array<Record<string, string | number>>;
  prefetch: string[];
  notes: string[];
}

export function sweepSetup(kinds: SweepKind[], offsets: number[], prefetch: string[], layouts: Array<{ label: string; layout: ResolvedLayout }>): SweepSetup {
  const axes: Record<string, number[]> = {};
  const exclude: SweepSetup['exclude'] = [];
  const notes: string[] = [];
  const aligns = kinds.includes('align') ? [16, 64] : null;
  if (kinds.includes('offsets')) {
    axes.slabOffset = offsets;
    notes.push(`slabOffset: byte offset of the slab's first object in its page, ${offsets[0]}..${offsets[offsets.length - 1]} step ${offsets[1] !== undefined ? offsets[1] - offsets[0]! : 16}. ` +
      'Offsets that are not a multiple of the object alignment are excluded (SLUB never places objects there).');
  }
  if (aligns) {
    axes.objectAlign = aligns;
    notes.push('objectAlign: slab object alignment 16 (no SLAB_HWCACHE_ALIGN) vs 64 (SLAB_HWCACHE_ALIGN), overriding each layout\'s own.');
  }
  if (axes.slabOffset) {
    for (const o of axes.slabOffset) {
      if (aligns) {
        for (const a of aligns) if (o % a !== 0) exclude.push({ objectAlign: a, slabOffset: o });
      } else {
        for (const l of layouts) if (o % l.layout.objectAlign !== 0) exclude.push({ layout: l.label, slabOffset: o });
      }
    }
  }
  let pf = prefetch;
  if (kinds.includes('prefetch') || kinds.includes('lines')) {
    pf = [...new Set(['off', 'on', ...prefetch])];
    notes.push('Line-size semantics: "64-B lines" is run as prefetch=off and "128-B pairs" as prefetch=on (the adjacent-line prefetcher ' +
      'completes each L2 fill with its 128-B-aligned buddy); the model has no separate 128-B coherence granule.');
  }
  return { axes, exclude, prefetch: pf, notes };
}
