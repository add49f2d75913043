/** Shared helpers for the compare/regroup tests (8NN): small in-process pft points. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatePft } from '../src/kernel/pft.ts';
import { loadLayout, toResolvedLayout } from '../src/layout/registry.ts';
import type { Layout } from '../src/layout/schema.ts';
import { applyPrefetchSetting, loadProfile, toMachineConfig } from '../src/profile/index.ts';
import type { PointResult } from '../src/model/result-types.ts';

export const machine = applyPrefetchSetting(toMachineConfig(loadProfile('broadwell-ep')), 'on');

export function pft(layout: Layout, threads: number, faults = 12): PointResult {
  return simulatePft({
    experiment: 't8', coords: { layout: layout.name, threads }, workload: { kind: 'pft', faultsPerThread: faults, warmupFaults: 4 }, machine,
    layouts: { main: toResolvedLayout(layout), vma_lock: toResolvedLayout(loadLayout('vma_lock')), mm_struct: toResolvedLayout(loadLayout('mm_struct')) },
    params: {}, threads, iterations: 1, seed: 1, check: false,
  });
}

/** A copy of a shipped layout with some fields moved (offset/align overrides by name). */
export function moved(base: string, name: string, moves: Record<string, { offset: number; align?: number }>): Layout {
  const l = structuredClone(loadLayout(base));
  l.name = name;
  for (const f of l.fields) {
    const m = moves[f.name];
    if (m) { f.offset = m.offset; f.align = m.align ?? f.align; }
  }
  return l;
}

export const tempDir = (tag: string) => mkdtempSync(join(tmpdir(), `linesim-8-${tag}-`));
