/**
 * A private redis-server for the queue tests and bench: loopback only, on a free port,
 * nothing persisted, and the eviction policy BullMQ requires. redis-server comes from
 * scripts/setup-tools.sh (the README test command runs it).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Start one in `dir`; resolves when it accepts connections (or rejects with its log after `ms`). */
export async function startPrivateRedis(dir: string, extraArgs: string[] = [], ms = 10_000): Promise<{ url: string; proc: ChildProcessWithoutNullStreams }> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) {
    throw new Error('redis-server is not installed: run scripts/setup-tools.sh (the README test command does) — the queue tests need a private Redis');
  }
  const port = await freePort();
  const proc = spawn(which.stdout.trim(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--maxmemory-policy', 'noeviction', ...extraArgs]);
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server on port ${port} did not start (log: ${log})`)), ms);
    proc.stdout.on('data', (d) => {
      log += d;
      if (/Ready to accept connections/.test(log)) { clearTimeout(timer); resolve(); }
    });
  });
  return { url: `redis://127.0.0.1:${port}`, proc };
}
