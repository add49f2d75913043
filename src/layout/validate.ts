/**
 * Parse and check a layout: zod for shape, then the structural rules a C compiler
 * would enforce. Every failure is one InputError naming the file and the field.
 */
import { InputError, jsonPath } from '../util/errors.ts';
import { LayoutSchema, type Layout, type LayoutField } from './schema.ts';

/** Two bitfields sharing a byte are fine when their bit ranges do not intersect. */
function disjointBits(a: LayoutField, b: LayoutField): boolean {
  if (!a.bits || !b.bits) return false;
  const a0 = a.offset * 8 + a.bits.offset, b0 = b.offset * 8 + b.bits.offset;
  return a0 + a.bits.width <= b0 || b0 + b.bits.width <= a0;
}

/** Validate an already-parsed JSON value as a layout. `source` names the file. */
export function parseLayout(value: unknown, source: string): Layout {
  const r = LayoutSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    // Name the field too, when the path points into fields[i] and it has a name.
    let where = jsonPath(issue.path);
    const [k, i] = issue.path;
    const raw = (value as { fields?: Array<{ name?: unknown }> } | null)?.fields;
    if (k === 'fields' && typeof i === 'number' && Array.isArray(raw) && typeof raw[i]?.name === 'string') {
      where += ` (${raw[i]!.name as string})`;
    }
    throw new InputError(source, where, issue.message);
  }
  checkLayout(r.data, source);
  return r.data;
}

/** Structural checks (exported so importers can run them on what they built). */
export function checkLayout(l: Layout, source: string): void {
  const at = (i: number, key?: string) => `fields[${i}]${key ? '.' + key : ''} (${l.fields[i]!.name})`;
  if (l.size % l.align !== 0) {
    throw new InputError(source, 'size', `size ${l.size} is not a multiple of align ${l.align}`);
  }
  const seen = new Map<string, number>();
  l.fields.forEach((f, i) => {
    const prev = seen.get(f.name);
    if (prev !== undefined) throw new InputError(source, at(i, 'name'), `duplicate field name '${f.name}' (also fields[${prev}])`);
    seen.set(f.name, i);
    if (f.bits && Math.ceil((f.bits.offset + f.bits.width) / 8) > f.size) {
      throw new InputError(source, at(i, 'bits'), `bitfield bits ${f.bits.offset}+${f.bits.width} do not fit in size ${f.size}`);
    }
    if (f.offset + f.size > l.size) {
      throw new InputError(source, at(i), `field ends at byte ${f.offset + f.size}, past the struct size ${l.size}`);
    }
    if (f.align !== undefined && f.offset % f.align !== 0) {
      throw new InputError(source, at(i, 'offset'), `offset ${f.offset} is not a multiple of the field's align ${f.align}`);
    }
    if (f.align !== undefined && f.align > l.align) {
      throw new InputError(source, at(i, 'align'), `field align ${f.align} exceeds the struct align ${l.align}`);
    }
  });
  // Overlaps: sort by offset and compare each field with every later field that starts
  // before it ends. O(n·k) with small k; layouts have tens of fields.
  const order = l.fields.map((f, i) => ({ f, i })).sort((a, b) => a.f.offset - b.f.offset || a.i - b.i);
  for (let a = 0; a < order.length; a++) {
    const A = order[a]!;
    for (let b = a + 1; b < order.length; b++) {
      const B = order[b]!;
      if (B.f.offset >= A.f.offset + A.f.size) break;
      const sameUnion = A.f.group !== undefined && A.f.group === B.f.group;
      if (!sameUnion && !disjointBits(A.f, B.f)) {
        const [first, second] = A.i < B.i ? [A, B] : [B, A];
        throw new InputError(
          source,
          at(second.i),
          `overlaps '${first.f.name}' (bytes ${A.f.offset}..${A.f.offset + A.f.size - 1} and ${B.f.offset}..${B.f.offset + B.f.size - 1}) ` +
            `and they are not in the same union group`,
        );
      }
    }
  }
}
