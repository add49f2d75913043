/**
 * Places shared objects in simulated memory. Objects of one slab cache are laid out
 * consecutively at the cache's stride (object size rounded up to its alignment) from a
 * page-relative start offset, so neighbouring objects share lines and 128-B pairs the
 * way they do in SLUB (model-notes §2.6). Shared memory starts at address 0 so its lines
 * are numbered densely for the directory.
 */
import type { ResolvedLayout } from '../model/point-spec.ts';

export interface PlacedObject {
  name: string;
  base: number;
  layout: ResolvedLayout;
}

export interface SlabSpec {
  layout: ResolvedLayout;
  /** objects in the slab */
  count: number;
  /** alignment override (else layout.objectAlign) */
  align?: number;
  /** byte offset of the slab's first object within its page (multiple of the alignment) */
  startOffset?: number;
}

export class Arena {
  private next = 0;
  readonly objects = new Map<string, PlacedObject>();

  constructor(readonly lineBytes: number) {}

  /** Allocate a slab page run and return its objects' base addresses. */
  slab(prefix: string, spec: SlabSpec): PlacedObject[] {
    const align = spec.align ?? spec.layout.objectAlign;
    const stride = Math.ceil(spec.layout.size / align) * align;
    // Each slab starts on a fresh 4-KiB page so caches never share lines.
    const page = Math.ceil(this.next / 4096) * 4096;
    const start = page + (spec.startOffset ?? 0);
    const out: PlacedObject[] = [];
    for (let i = 0; i < spec.count; i++) {
      const o = { name: `${prefix}[${i}]`, base: start + i * stride, layout: spec.layout };
      this.objects.set(o.name, o);
      out.push(o);
    }
    this.next = start + spec.count * stride;
    return out;
  }

  /** A single object, aligned to `align`. */
  single(name: string, layout: ResolvedLayout, align = layout.objectAlign): PlacedObject {
    const base = Math.ceil(this.next / align) * align;
    const o = { name, base, layout };
    this.objects.set(name, o);
    this.next = base + layout.size;
    return o;
  }

  /** Number of shared lines in use (plus one spare line pair for buddy prefetches). */
  sharedLines(): number {
    return Math.ceil(this.next / this.lineBytes) + 2;
  }
}

/** Field lookup in a placed object: address and size. */
export function fieldAddr(o: PlacedObject, field: string): { addr: number; size: number; offset: number } {
  const f = o.layout.fields.find((x) => x.name === field);
  if (!f) throw new Error(`object ${o.name} (${o.layout.name}) has no field '${field}'`);
  return { addr: o.base + f.offset, size: f.size, offset: f.offset };
}
