#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a runtime dependency), so `npx linesim` works after `npm ci`.
// tsx/esm, not tsx: the project is ESM only, and tsx's CommonJS hooks made the simulator's
// hot loop about 12 % slower (bench, 2026-11; same JS with and without them).
// The child gets SIGINT/SIGTERM/SIGHUP forwarded and this wrapper exits with its status,
// so stopping the wrapper never leaves the simulator running as an orphan.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Resolve tsx from this package, not from the caller's directory (works from anywhere).
const tsx = createRequire(join(root, 'package.json')).resolve('tsx/esm');
const child = spawn(process.execPath, ['--import', pathToFileURL(tsx).href, join(root, 'src/cli/main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal] ?? 1) : 1)));
