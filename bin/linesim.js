#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a runtime dependency), so `npx linesim` works after `npm ci`.
// tsx/esm, not tsx: the project is ESM only, and tsx's CommonJS hooks made the simulator's
// hot loop about 12 % slower (bench, 2026-11; same JS with and without them).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, ['--import', 'tsx/esm', join(root, 'src/cli/main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
