/**
 * Point results stored in Redis by content key. Small results are stored as JSON; large
 * ones (kernel points with many sites and field pairs reach hundreds of KiB) are gzipped
 * first. The first byte says which: 'J' JSON, 'Z' gzip of JSON.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { PointResult } from '../experiment/result-types.ts';
import { RESULT_PREFIX, resultKey } from './protocol.ts';

/** Above this many bytes of JSON, a result is compressed. */
export const COMPRESS_ABOVE = 8 * 1024;

export function encodeResult(r: PointResult): Buffer {
  const json = Buffer.from(JSON.stringify(r), 'utf8');
  if (json.length <= COMPRESS_ABOVE) return Buffer.concat([Buffer.from('J'), json]);
  return Buffer.concat([Buffer.from('Z'), gzipSync(json)]);
}

export function decodeResult(b: Buffer): PointResult {
  const tag = String.fromCharCode(b[0] ?? 0);
  const body = b.subarray(1);
  if (tag === 'J') return JSON.parse(body.toString('utf8')) as PointResult;
  if (tag === 'Z') return JSON.parse(gunzipSync(body).toString('utf8')) as PointResult;
  throw new Error(`stored result has an unknown encoding tag '${tag}'`);
}

export class ResultStore {
  constructor(private readonly redis: Redis) {}

  async put(r: PointResult): Promise<void> {
    await this.redis.set(resultKey(r.key), encodeResult(r));
  }

  /** The stored result, or undefined; a result whose key does not match is ignored. */
  async get(key: string): Promise<PointResult | undefined> {
    const b = await this.redis.getBuffer(resultKey(key));
    if (!b) return undefined;
    const r = decodeResult(b);
    return r.key === key ? r : undefined;
  }

  /** Which of `keys` have a stored result (one round trip). */
  async has(keys: readonly string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const p = this.redis.pipeline();
    for (const k of keys) p.exists(resultKey(k));
    const res = (await p.exec()) ?? [];
    return res.map(([err, n]) => {
      if (err) throw err;
      return n === 1;
    });
  }

  /** Every stored result key (SCAN, so a big store does not block Redis). */
  async keys(): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${RESULT_PREFIX}*`, 'COUNT', 1000);
      out.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  async clear(): Promise<number> {
    const keys = await this.keys();
    for (let i = 0; i < keys.length; i += 500) await this.redis.del(...keys.slice(i, i + 500));
    return keys.length;
  }
}
