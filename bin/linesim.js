#!/usr/bin/env node
// linesim's command: runs the compiled CLI (dist/, built by `npm ci` / `npm run build`)
// in this same process, so signals (Ctrl-C, SIGTERM for --resume) reach the simulator
// directly and start-up costs one Node process. Works from any directory and when
// installed globally (paths resolve from this file, symlinks followed by Node).
// A checkout that was never built runs the TypeScript in this process through tsx.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/cli/main.js', import.meta.url);
let mod;
if (existsSync(dist)) {
  mod = await import(dist.href);
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    process.stderr.write('linesim: not built (no dist/cli/main.js): run `npm run build` (or `npm ci`) in the linesim checkout\n');
    process.exit(2);
  }
  tsx.register();
  mod = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
// SIGINT/SIGTERM/SIGHUP: remove temp files, exit 128+signal (src/cli/signals.ts).
mod.installSignalHandlers?.();
mod.main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { console.error(e); process.exitCode = 1; },
);
