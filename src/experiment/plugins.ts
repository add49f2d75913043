/**
 * Workload plugins: modules that call registerWorkload() when imported, named in
 * LINESIM_PLUGINS (comma-separated paths, relative to the working directory). The
 * runner imports them in the main thread and in every worker, so a kind added this way
 * runs exactly like a built-in one (tests use it to run a fake kind through the CLI).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../util/errors.ts';

export function pluginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.LINESIM_PLUGINS ?? '';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (s.startsWith('file:') ? s : pathToFileURL(resolve(s)).href));
}

export async function loadPlugins(urls: readonly string[]): Promise<void> {
  for (const u of urls) {
    try {
      await import(u);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(u.replace('file://', ''))) {
        throw new InputError('LINESIM_PLUGINS', '', `cannot load plugin ${u}: no such module`);
      }
      throw e;
    }
  }
}
