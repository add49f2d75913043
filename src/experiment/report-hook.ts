/**
 * Hand finished results to the report layer (src/report, owned separately; `linesim
 * report <dir>` is its verb). Imported dynamically so the runner works before and
 * without it: a missing module or a missing writeReport export is skipped with a note.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PointResult } from './result-types.ts';

export async function callReportLayer(
  outDir: string,
  results: { experiment: unknown; points: PointResult[] },
): Promise<'written' | 'no-report-layer'> {
  // Same extension as this file: .ts from source (tests, tsx), .js when compiled (dist/).
  const url = new URL(`../report/index${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return 'no-report-layer';
  const mod = (await import(url.href)) as { writeReport?: (dir: string, r: unknown) => unknown };
  if (typeof mod.writeReport !== 'function') return 'no-report-layer';
  await mod.writeReport(outDir, results);
  return 'written';
}
