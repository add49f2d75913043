/** Test helper (not a test): write experiment files into a fresh temp dir. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `linesim-${tag}-`));
}

export function writeExperiment(dir: string, name: string, body: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(body, null, 2));
  return path;
}

/** A small valid experiment of the fake kind; override fields per test. */
export function fakeExperiment(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'fake-exp',
    workload: { kind: 'fake', msPerPoint: 0 },
    layouts: ['a', 'b2'],
    profiles: ['broadwell-ep'],
    prefetch: ['on', 'off'],
    threads: [1, 4],
    iterations: 2,
    ...over,
  };
}
