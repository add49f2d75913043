/**
 * The queue's pieces that need no Redis: the --queue URL check, the stored-result
 * encoding (large results gzipped, exact round trip), the model version hash, and that
 * the CLI loads bullmq/ioredis only through dynamic imports (local runs never load them).
 */
import { cpSync, mkdtempSync, appendFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from '../src/queue/url.ts';
import { COMPRESS_ABOVE, decodeResult, encodeResult } from '../src/queue/results.ts';
import { modelVersion } from '../src/queue/model-version.ts';
import { InputError } from '../src/util/errors.ts';
import type { PointResult } from '../src/experiment/result-types.ts';

const ROOT = join(import.meta.dirname, '..');

describe('SCENARIO: --queue URLs', () => {
  it('GIVEN redis URLs WHEN parsed THEN host, port, db and credentials come out and the password is masked in messages', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6380/3')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 3, tls: false });
    expect(parseQueueUrl('redis://localhost')).toMatchObject({ host: 'localhost', port: 6379, db: 0 });
    const auth = parseQueueUrl('rediss://bob:s3cret@h:1/2');
    expect(auth).toMatchObject({ username: 'bob', password: 's3cret', tls: true, db: 2 });
    expect(auth.display).not.toContain('s3cret');
  });

  it.each([
    ['http://host:6379', /expected a redis:\/\/ or rediss:\/\/ URL/],
    ['host:6379', /expected a redis:\/\/ or rediss:\/\/ URL|expected redis:\/\/host/],
    ['redis://h:6379/x', /database must be a number/],
    ['redis://h:6379/1?x=1', /unexpected query/],
    ['not a url', /expected redis:\/\/host:port/],
  ])('GIVEN %s WHEN parsed THEN one InputError naming --queue', (text, reason) => {
    let err: unknown;
    try {
      parseQueueUrl(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).source).toBe('--queue');
    expect((err as InputError).reason).toMatch(reason);
  });
});

function result(sites: number): PointResult {
  return {
    key: 'k'.repeat(32),
    coords: { layout: 'a', profile: 'p', prefetch: 'on', threads: 4 },
    metrics: [{ name: 'm', unit: 'x', aggregate: 'hmean', higherIsBetter: true }],
    sites: Array.from({ length: sites }, (_, i) => ({ id: i, path: `path${i % 7}`, label: `site ${i}`, field: `f${i}` })) as unknown as PointResult['sites'],
    runs: [{ seed: 1, metrics: { m: 1 / 3, z: -0.5e-300 }, counters: {} as PointResult['runs'][0]['counters'], breakdown: {} as PointResult['runs'][0]['breakdown'], lines: [], fieldPairs: [] }],
  };
}

describe('SCENARIO: results stored in Redis', () => {
  it('GIVEN a small and a large result WHEN encoded THEN the small one is JSON, the large one gzip, and both decode to the same value', () => {
    const small = result(2);
    const large = result(2000);
    const es = encodeResult(small);
    const el = encodeResult(large);
    expect(String.fromCharCode(es[0]!)).toBe('J');
    expect(String.fromCharCode(el[0]!)).toBe('Z');
    expect(JSON.stringify(large).length).toBeGreaterThan(COMPRESS_ABOVE);
    expect(el.length).toBeLessThan(JSON.stringify(large).length / 4);
    expect(decodeResult(es)).toEqual(small);
    expect(decodeResult(el)).toEqual(large);
    expect(() => decodeResult(Buffer.from('Xjunk'))).toThrow(/unknown encoding tag 'X'/);
  });
});

describe('SCENARIO: model version', () => {
  it('GIVEN this checkout and a copy WHEN hashed THEN equal; one added byte in a profile or a plugin changes it', () => {
    const copy = mkdtempSync(join(tmpdir(), 'linesim-version-'));
    for (const d of ['src', 'cpu-profiles', 'layouts']) cpSync(join(ROOT, d), join(copy, d), { recursive: true });
    const v = modelVersion([], ROOT);
    expect(v).toMatch(/^[0-9a-f]{16}$/);
    expect(modelVersion([], copy)).toBe(v);
    const plugin = `file://${join(ROOT, 'test', '6-fake-kind.ts')}`;
    expect(modelVersion([plugin], ROOT)).not.toBe(v);
    appendFileSync(join(copy, 'cpu-profiles', 'broadwell-ep.json'), '\n');
    expect(modelVersion([], copy)).not.toBe(v);
    rmSync(copy, { recursive: true, force: true });
  });
});

/** Packages reached from `entry` through static imports only (`import x from`, `import '…'`, `export … from`). */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // Type-only imports vanish at run time, so they do not count.
    const re = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
    for (const m of readFileSync(file, 'utf8').matchAll(re)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return packages;
}

describe('SCENARIO: local runs do not load the queue libraries', () => {
  it('GIVEN the CLI entry WHEN its static imports are followed THEN neither bullmq nor ioredis is reached (only dynamic imports load them); the queue worker does reach them', () => {
    const cli = staticPackages(join(ROOT, 'src', 'cli', 'main.ts'));
    expect(cli.has('commander')).toBe(true); // the walk does follow the CLI's imports
    expect(cli.has('bullmq')).toBe(false);
    expect(cli.has('ioredis')).toBe(false);
    const worker = staticPackages(join(ROOT, 'src', 'queue', 'worker.ts'));
    expect(worker.has('bullmq')).toBe(true);
    expect(worker.has('ioredis')).toBe(true);
  });
});
