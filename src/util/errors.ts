/**
 * User-input errors. Every bad input (experiment file, profile, layout, pahole text,
 * CLI flag) becomes one InputError naming where (file, JSON path or line) and why.
 * The CLI prints `linesim: <file>: <where>: <reason>` and exits with code 2.
 */
export class InputError extends Error {
  constructor(
    /** file the input came from, or a pseudo-source such as "--threads" */
    readonly source: string,
    /** JSON path ("profiles[1].overrides.l2.kib"), "line 12", or "" */
    readonly where: string,
    readonly reason: string,
  ) {
    super([source, where, reason].filter((s) => s !== '').join(': '));
    this.name = 'InputError';
  }
}

export const EXIT_INPUT_ERROR = 2;

/** Format a zod-style issue path as a JSON path: ["a", 0, "b"] → "a[0].b". */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}
