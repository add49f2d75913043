import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Temp files being written right now; a signal handler removes them before exiting. */
const pending = new Set<string>();

/** Write a file atomically: temp file in the same directory, then rename. A failed write (ENOSPC, EISDIR, …) leaves no temp file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
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
