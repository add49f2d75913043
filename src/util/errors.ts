/**
 * User-input errors. Every bad input (experiment file, profile, layout, pahole text,
 * CLI flag, a file the CLI cannot read or write) becomes one InputError naming where
 * (file, JSON path or line) and why. The CLI prints `linesim: <file>: <where>: <reason>`
 * on one line (control characters escaped, long values elided) and exits with code 2.
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

/** Longest piece of user text an error line quotes; longer values keep head and tail. */
export const MAX_QUOTED = 160;

/**
 * Make user text safe for one terminal line: control characters (newlines, escape
 * sequences, DEL, C1, line/paragraph separators) become visible escapes, and text longer
 * than `max` keeps its start and end around an elision mark.
 */
export function oneLine(text: string, max = MAX_QUOTED): string {
  let s = String(text);
  if (s.length > max) {
    const keep = Math.floor((max - 5) / 2);
    s = `${s.slice(0, keep)} […] ${s.slice(s.length - keep)}`;
  }
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** The one line the CLI prints for an InputError (without the trailing newline). */
export function formatInputError(e: InputError): string {
  // Each part is elided on its own so a long path cannot hide the reason.
  const parts = [oneLine(e.source, 200), oneLine(e.where, 200), oneLine(e.reason, 400)].filter((s) => s !== '');
  return `linesim: ${parts.join(': ')}`;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ENOTEMPTY: 'directory not empty',
  EXDEV: 'cross-device rename',
  EINVAL: 'invalid argument',
};

/** A file-system error (ENOSPC, ENOTDIR, …) as one InputError naming the path; other errors pass through. */
export function fsErrorToInputError(e: unknown): unknown {
  if (e instanceof InputError || !(e instanceof Error)) return e;
  const x = e as NodeJS.ErrnoException;
  if (typeof x.code !== 'string' || !(x.code in FS_REASONS) || (x.path === undefined && x.syscall === undefined)) return e;
  const what = x.syscall ? `cannot ${x.syscall}` : 'file error';
  return new InputError(x.path ?? '(file system)', '', `${what}: ${FS_REASONS[x.code]} (${x.code})`);
}
