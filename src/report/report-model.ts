/**
 * Everything the report shows, computed once from results.json; the HTML, Markdown and
 * CSV writers only format it.
 */
import type { PointResult } from '../model/result-types.ts';
import type { ResultsFile, ReportExperiment } from './results-file.ts';
import { sortPoints, statRows, type StatRow } from './axes.ts';
import { chooseComparison, compareTables, type CompareSetup, type CompareTable } from './compare.ts';
import { reproductionRows, type ReproRow } from './reproduction.ts';
import { attributePoint, representativePoints, type PointAttribution } from './attribution.ts';
import { buildVerdict, type Verdict } from './verdict.ts';
import { planPlots, type PlannedPlot } from './plots/plan.ts';
import { spreadStatement } from './spread.ts';

export interface ReportModel {
  experiment: ReportExperiment;
  points: PointResult[];
  stats: StatRow[];
  compare: { setup: CompareSetup; tables: CompareTable[] } | null;
  reproduction: ReproRow[];
  /** attribution of every point (attribution.csv) */
  attribution: PointAttribution[];
  /** attribution of the representative points (max threads per series) shown in the HTML */
  shownAttribution: PointAttribution[];
  plots: PlannedPlot[];
  /** the answer, first: winner per group and thread count, sharing, caveats */
  verdict: Verdict | null;
  /** why there is no verdict (nothing compared), stated where the verdict would be */
  verdictWhy: string;
}

export function buildReportModel(results: ResultsFile): ReportModel {
  const points = sortPoints(results.points);
  const setup = chooseComparison(results.experiment, points);
  const compare = setup ? { setup, tables: compareTables(points, setup) } : null;
  const attribution = points.map((p) => attributePoint(p));
  const reps = new Set(representativePoints(points));
  const shownAttribution = points.map((p, i) => (reps.has(p) ? attribution[i] : null)).filter((a): a is PointAttribution => a !== null);
  const repPoints = points.filter((p) => reps.has(p));
  const reproduction = reproductionRows(results.experiment, points);
  const verdict = compare ? buildVerdict(compare.setup, compare.tables, shownAttribution, reproduction) : null;
  const stats = statRows(points);
  const spread = verdict ? spreadStatement(stats, verdict.metric.name) : null;
  if (verdict && spread) verdict.statements.push(spread);
  return {
    verdict,
    verdictWhy: compare ? 'No metric to compare.' : 'Nothing is compared: every axis but threads has a single value (add layouts, scenarios or another axis with two values).',
    experiment: results.experiment,
    points,
    stats,
    compare,
    reproduction,
    attribution,
    shownAttribution,
    plots: planPlots(points, compare, repPoints, shownAttribution),
  };
}
