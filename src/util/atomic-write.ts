import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` one level at a time. NOTE: Node's mkdirSync(…, { recursive: true }) never
 * returns for a path under /proc (it retries ENOENT forever, in C++, where no signal
 * handler can run); creating each missing level ourselves fails at once with ENOENT or
 * ENOTDIR instead.
 */
export function mkdirp(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  for (;;) {
    let st;
    try { st = statSync(d); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      missing.push(d);
      const up = dirname(d);
      if (up === d) break;
      d = up;
      continue;
    }
    if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: d });
    break;
  }
  for (const m of missing.reverse()) {
    try { mkdirSync(m); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; }
  }
}

/** Temp files being written right now; a signal handler removes them before exiting. */
const pending = new Set<string>();

/** Write a file atomically: temp file in the same directory, then rename. A failed write (ENOSPC, EISDIR, …) leaves no temp file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirp(dirname(path));
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    // name the file the user asked for, not our temp name
    const x = e as NodeJS.ErrnoException;
    if (x.path === tmp || x.path === undefined) x.path = path;
    throw e;
  } finally {
    pending.delete(tmp);
  }
}

/** Remove temp files of writes still in progress (called on SIGINT/SIGTERM/SIGHUP). */
export function removePendingTemps(): void {
  for (const t of pending) {
    try { rmSync(t, { force: true }); } catch { /* best effort while exiting */ }
  }
  pending.clear();
}
