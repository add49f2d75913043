/**
 * Stop cleanly on SIGINT, SIGTERM and SIGHUP: remove temp files of writes in progress,
 * then exit with 128 + the signal number. Worker threads are part of this process, so
 * they stop with it: nothing keeps simulating or writing after the signal. Handlers run
 * between synchronous steps, so an atomic write is either complete or not started, and
 * stored points stay valid for --resume.
 */
import { removePendingTemps } from '../util/atomic-write.ts';

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
let installed = false;

export function installSignalHandlers(): void {
  if (installed) return;
  installed = true;
  for (const [name, num] of Object.entries(SIGNALS)) {
    const handler = () => {
      removePendingTemps();
      // A verb that stops gracefully on its own (the queue worker finishes its point) keeps the signal.
      if (process.listeners(name as NodeJS.Signals).some((l) => l !== handler)) return;
      process.exit(128 + num);
    };
    process.on(name as NodeJS.Signals, handler);
  }
}
