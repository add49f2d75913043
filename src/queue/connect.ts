/**
 * Open Redis for the queue. The first connection is checked with a short timeout so an
 * unreachable or misconfigured server gives one line (exit 2) instead of ioredis retrying
 * forever; after that, connections retry as ioredis and BullMQ normally do.
 */
import { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import { InputError } from '../util/errors.ts';
import { redisOptions, type QueueTarget } from './url.ts';

export async function openRedis(t: QueueTarget, flag = '--queue', timeoutMs = 5000): Promise<Redis> {
  const probe = new Redis({ ...redisOptions(t), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  let first: Error | undefined;
  probe.on('error', (e: Error) => (first ??= e)); // the cause (ECONNREFUSED, ...), reported below
  try {
    await probe.connect();
    await probe.ping();
    const policy = (await probe.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
    // BullMQ loses jobs silently if Redis may evict keys (its documented requirement).
    if (policy[1] && policy[1] !== 'noeviction') {
      throw new InputError(flag, '', `${t.display} has maxmemory-policy '${policy[1]}'; BullMQ needs 'noeviction' (redis-cli config set maxmemory-policy noeviction)`);
    }
  } catch (e) {
    probe.disconnect();
    if (e instanceof InputError) throw e;
    throw new InputError(flag, '', `cannot reach Redis at ${t.display}: ${(first ?? (e as Error)).message}`);
  }
  probe.disconnect();
  const redis = new Redis(redisOptions(t));
  redis.on('error', () => {}); // ioredis reconnects by itself; commands report their own errors
  return redis;
}

/**
 * Names of the workers connected to `queue` in the target's database. BullMQ finds workers
 * by client name in CLIENT LIST, which spans every database of the server, so workers of
 * the same queue name in other databases are filtered out here by their `db` field.
 */
export async function workersOn(queue: Queue, t: QueueTarget): Promise<string[]> {
  const clients = (await queue.getWorkers()) as Array<Record<string, unknown>>;
  return clients
    .filter((c) => String(c.db ?? t.db) === String(t.db))
    .map((c) => String(c.rawname ?? '').split(':w:')[1] ?? String(c.addr ?? '?'))
    .sort();
}
