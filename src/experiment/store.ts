/**
 * Finished points on disk: `<out>/.points/<key>.json`, one atomic write per point as
 * soon as it finishes, so a killed run loses at most the points in flight. `--resume`
 * reuses a file only if its name and stored key match the point's current key.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirp, writeFileAtomic } from '../util/atomic-write.ts';
import type { PointResult } from '../model/result-types.ts';

export class PointStore {
  readonly dir: string;

  constructor(outDir: string) {
    this.dir = join(outDir, '.points');
  }

  /** Start fresh: forget every stored point (a run without --resume). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirp(this.dir);
  }

  /** Keep stored points; drop temp files a killed run left half-written. */
  open(): void {
    mkdirp(this.dir);
    for (const f of readdirSync(this.dir)) if (f.endsWith('.tmp')) rmSync(join(this.dir, f), { force: true });
  }

  path(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /** The stored result for `key`, or undefined if absent or unreadable (then it is re-run). */
  get(key: string): PointResult | undefined {
    try {
      const r = JSON.parse(readFileSync(this.path(key), 'utf8')) as PointResult;
      return r.key === key ? r : undefined;
    } catch {
      return undefined;
    }
  }

  put(result: PointResult): void {
    writeFileAtomic(this.path(result.key), JSON.stringify(result));
  }
}
