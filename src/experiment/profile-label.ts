/**
 * Profile overrides as experiments write them: dotted paths (`{ "l2.kib": 512 }`) or
 * nested objects, mixed freely. The registry wants nested objects; results want a
 * readable label (`broadwell-ep+l2.kib=512`), so both forms are derived here.
 */

/** A sourced leaf `{ v, src }` counts as one value, not as an object to descend into. */
function isLeaf(v: unknown): boolean {
  return v === null || typeof v !== 'object' || Array.isArray(v) || 'v' in (v as object);
}

/** Flatten to sorted [dotted path, value] pairs. */
export function flattenOverrides(o: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(o)) {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    if (isLeaf(v)) out.push([path, v]);
    else out.push(...flattenOverrides(v as Record<string, unknown>, path));
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Expand dotted keys into nested objects; `{ "l2.kib": 512 }` → `{ l2: { kib: 512 } }`. */
export function nestOverrides(o: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, v] of flattenOverrides(o)) {
    const parts = path.split('.');
    let cur = root;
    for (const p of parts.slice(0, -1)) {
      if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
      cur = cur[p] as Record<string, unknown>;
    }
    cur[parts[parts.length - 1]!] = v;
  }
  return root;
}

function show(v: unknown): string {
  if (v !== null && typeof v === 'object' && 'v' in v) return String((v as { v: unknown }).v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `broadwell-ep+l2.kib=512+l2.ways=16`; just the name when there are no overrides. */
export function profileLabel(name: string, overrides: Record<string, unknown> | undefined): string {
  if (!overrides) return name;
  const parts = flattenOverrides(overrides).map(([p, v]) => `+${p}=${show(v)}`);
  return name + parts.join('');
}
