/**
 * Program objects whose fields come from a struct layout: a shipped layout by name, a
 * layout .json or pahole dump by path (`"layout": "my_struct.json"`), or — with
 * `"layout": "$layout"` — the layout of the experiment's `layouts` axis, so one program
 * runs over several member orders of the same struct (fields are referenced by name).
 */
import type { ResolvedLayout } from '../point-spec.ts';
import type { ProgramWorkload } from './schema.ts';

/** The object layout that varies along the experiment's `layouts` axis. */
export const AXIS_LAYOUT = '$layout';

/** Named (non-axis) layouts the objects use, for the runner to resolve. */
export function namedObjectLayouts(w: ProgramWorkload): string[] {
  return [...new Set(Object.values(w.objects).flatMap((o) => (o.layout && o.layout !== AXIS_LAYOUT ? [o.layout] : [])))];
}

/** Objects that take the axis layout. */
export function axisObjects(w: ProgramWorkload): string[] {
  return Object.entries(w.objects).filter(([, o]) => o.layout === AXIS_LAYOUT).map(([n]) => n);
}

export const hasLayoutObjects = (w: ProgramWorkload) => Object.values(w.objects).some((o) => o.layout !== undefined);

/**
 * The layout an object is placed with: from `layouts` (the point's resolved layouts,
 * `main` = the axis layout) or, for inline objects, built from `fields`.
 */
export function objectLayout(name: string, o: ProgramWorkload['objects'][string], layouts: Record<string, ResolvedLayout>): ResolvedLayout {
  if (o.layout !== undefined) {
    const l = o.layout === AXIS_LAYOUT ? layouts.main : layouts[o.layout];
    if (!l) {
      throw new Error(o.layout === AXIS_LAYOUT
        ? `object '${name}' takes "$layout" but the experiment has no layouts axis`
        : `object '${name}': layout '${o.layout}' was not resolved`);
    }
    return l;
  }
  const fields = Object.entries(o.fields ?? {}).map(([n, [offset, size]]) => ({ name: n, offset, size }));
  const size = o.size ?? Math.max(8, ...fields.map((f) => f.offset + f.size));
  return { name, size, objectAlign: o.align ?? 64, typesafeByRcu: false, fields };
}
