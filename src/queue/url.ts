/**
 * `--queue redis://[user:password@]host[:port][/db]` → ioredis connection options.
 * Checked before anything connects or is written, like every other flag; the password
 * never appears in messages (`display` hides it).
 */
import { InputError } from '../util/errors.ts';

export interface QueueTarget {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** the URL as shown in messages, password masked */
  display: string;
}

export function parseQueueUrl(text: string, flag = '--queue'): QueueTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new InputError(flag, '', `expected redis://host:port[/db], got '${text}'`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new InputError(flag, '', `expected a redis:// or rediss:// URL, got '${u.protocol}' in '${text}'`);
  }
  if (u.hostname === '') throw new InputError(flag, '', `no host in '${text}'`);
  if (u.search !== '' || u.hash !== '') throw new InputError(flag, '', `unexpected query or fragment in '${text}'`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\//, '');
  if (path !== '' && !/^[0-9]{1,2}$/.test(path)) throw new InputError(flag, '', `database must be a number 0-99 after the port, got '/${path}'`);
  const db = path === '' ? 0 : Number(path);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const masked = new URL(text);
  if (masked.password !== '') masked.password = '***';
  return {
    host,
    port,
    db,
    ...(u.username !== '' ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password !== '' ? { password: decodeURIComponent(u.password) } : {}),
    tls: u.protocol === 'rediss:',
    display: masked.href.replace(/\/$/, ''),
  };
}

/** ioredis options for a target; `maxRetriesPerRequest: null` is what BullMQ workers require. */
export function redisOptions(t: QueueTarget): Record<string, unknown> {
  return {
    host: t.host,
    port: t.port,
    db: t.db,
    ...(t.username !== undefined ? { username: t.username } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}
