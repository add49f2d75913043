/**
 * The report layer's entry: `writeReport(outDir, results)` writes index.html, summary.md,
 * plots/*.svg|png, stats.csv, reproduction.csv, attribution.csv and attribution.json into
 * outDir, every file atomically. Called by the runner after a run and by `linesim report`.
 */
import { join } from 'node:path';
import { joinInside } from '../util/safe-path.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { checkResults, type ResultsFile } from './results-file.ts';
import { buildReportModel, type ReportModel } from './report-model.ts';
import { renderPlot } from './plots/render.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { statsCsv } from './csv.ts';
import { reproductionCsv } from './reproduction.ts';
import { attributionCsv } from './attribution.ts';

export type { ResultsFile } from './results-file.ts';
export { loadResults } from './results-file.ts';

export interface ReportFiles {
  model: ReportModel;
  /** paths written, relative to outDir */
  files: string[];
}

/** `results`: a ResultsFile, or the runner's { experiment, points } — its shape is checked here. */
export async function writeReport(outDir: string, results: ResultsFile | { experiment: unknown; points: unknown }): Promise<ReportFiles> {
  // the runner hands us parsed JSON: check the shape we rely on before any file is written
  const model = buildReportModel(checkResults(results, join(outDir, 'results.json')));
  const files: string[] = [];
  const write = (rel: string, data: string | Uint8Array) => {
    writeFileAtomic(joinInside(outDir, rel), data);
    files.push(rel);
  };
  const svgs = new Map<string, string>();
  for (const p of model.plots) {
    const r = await renderPlot(p.spec);
    svgs.set(p.name, r.svg);
    write(`plots/${p.name}.svg`, r.svg);
    write(`plots/${p.name}.png`, r.png);
  }
  write('stats.csv', statsCsv(model.stats));
  if (model.reproduction.length > 0) write('reproduction.csv', reproductionCsv(model.reproduction));
  write('attribution.csv', attributionCsv(model.attribution));
  write('attribution.json', JSON.stringify(model.attribution, null, 2) + '\n');
  write('summary.md', renderMarkdown(model) + '\n');
  write('index.html', renderHtml(model, svgs));
  return { model, files };
}
