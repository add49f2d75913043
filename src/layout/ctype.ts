/**
 * Small C-declaration helpers shared by the pahole importer and the exporters.
 * Types are stored in a layout as the declaration minus the member name:
 *   "char[13]" (array), "void (*)(int, char *)" (function pointer),
 *   "struct mm_struct *" (pointer). Bitfield widths live in the field's `bits`, not the type.
 */

const SCALAR_SIZES: Record<string, number> = {
  char: 1, 'signed char': 1, 'unsigned char': 1, _Bool: 1, bool: 1,
  short: 2, 'short int': 2, 'short unsigned int': 2, 'unsigned short': 2,
  int: 4, 'unsigned int': 4, 'unsigned': 4, float: 4,
  long: 8, 'long int': 8, 'long unsigned int': 8, 'unsigned long': 8,
  'long long': 8, 'long long int': 8, 'long long unsigned int': 8, 'unsigned long long': 8,
  double: 8, 'long double': 16,
};

function stripQualifiers(t: string): string {
  return t.replace(/\b(const|volatile|restrict)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The alignment a type would have without attributes, on x86-64. For scalars and
 * pointers it is exact. For struct/typedef types pahole's text does not say, so we
 * take the largest power of two ≤ 8 that divides the size.
 * NOTE: this is a heuristic; it only decides whether an explicit `__aligned__` is
 * worth recording/printing, never an offset.
 */
export function naturalAlign(type: string, size: number): number {
  const t = stripQualifiers(type);
  if (t.includes('*')) return 8;
  const arr = /^(.*?)((\[\d*\])+)$/.exec(t);
  if (arr) {
    const n = [...arr[2]!.matchAll(/\[(\d*)\]/g)].reduce((p, m) => p * (Number(m[1]) || 1), 1);
    return naturalAlign(arr[1]!, Math.max(1, Math.floor(size / n)));
  }
  // own keys only: a type named 'constructor' or 'toString' is not a scalar
  const s = Object.hasOwn(SCALAR_SIZES, t) ? SCALAR_SIZES[t] : undefined;
  if (s !== undefined) return Math.min(s, 16);
  let a = 1;
  while (a < 8 && size % (a * 2) === 0) a *= 2;
  return a;
}

/** Render "type name" as a C member declaration (without the trailing ';'). */
export function declare(type: string, name: string, bitWidth?: number): string {
  if (bitWidth !== undefined) return `${type} ${name}:${bitWidth}`;
  const fp = /^(.*)\(\s*\*\s*\)\s*(\(.*\))$/.exec(type);
  if (fp) return `${fp[1]!.trimEnd()} (*${name})${fp[2]}`;
  const arr = /^(.*?)\s*((\[\d*\])+)$/.exec(type);
  if (arr) return `${arr[1]} ${name}${arr[2]}`;
  return type.endsWith('*') ? `${type}${name}` : `${type} ${name}`;
}

/** Split a declaration's text into type and member name, or null if not recognised. */
export function parseDeclaration(decl: string): { type: string; name: string; bits?: number } | null {
  const d = decl.replace(/\s+/g, ' ').trim();
  let m = /^(.+?)\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*(\(.*\))$/.exec(d);
  if (m) return { type: `${m[1]!.trim()} (*)${m[3]}`, name: m[2]! };
  m = /^(.+?)\s*\b([A-Za-z_]\w*)\s*:\s*(\d+)$/.exec(d);
  if (m && /\w/.test(m[1]!)) return { type: m[1]!.trim(), name: m[2]!, bits: Number(m[3]) };
  m = /^(.+?)\s*\b([A-Za-z_]\w*)\s*((\[\d*\]\s*)+)$/.exec(d);
  if (m && /\w/.test(m[1]!)) return { type: `${m[1]!.trim()}${m[3]!.replace(/\s/g, '')}`, name: m[2]! };
  m = /^(.*?[\s*])([A-Za-z_]\w*)$/.exec(d);
  if (m && /\w/.test(m[1]!)) return { type: m[1]!.trim(), name: m[2]! };
  return null;
}
