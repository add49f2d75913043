/**
 * Which charts a result set gets. Thread sweeps get rate-vs-threads lines; results with a
 * scenario axis and one thread count (microbenchmarks) get bars by scenario instead.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PointResult } from '../../experiment/result-types.ts';
import { axisValues, metricSpecs } from '../axes.ts';
import type { CompareSetup, CompareTable } from '../compare.ts';
import type { PointAttribution } from '../attribution.ts';
import { breakdownRows, pairCostRows, pctRows, valueRows, xAxis } from './plot-data.ts';
import { breakdownSpec, pairHeatmapSpec, pctChangeSpec, rateVsThreadsSpec, scenarioBarsSpec } from './specs.ts';

export interface PlannedPlot {
  /** file stem under plots/ */
  name: string;
  caption: string;
  spec: TopLevelSpec;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');

export function planPlots(
  points: PointResult[],
  compare: { setup: CompareSetup; tables: CompareTable[] } | null,
  representative: PointResult[],
  attrs: PointAttribution[],
): PlannedPlot[] {
  const plots: PlannedPlot[] = [];
  const x = xAxis(points);
  const axis = compare?.setup.axis;
  for (const metric of metricSpecs(points)) {
    const rows = valueRows(points, metric.name, x, axis);
    // the compared values in their order (baseline first) keep their colours in every chart
    const domain = compare ? [compare.setup.baseline, ...compare.setup.candidates] : [...new Set(rows.map((r) => r.color))];
    if (rows.length === 0) continue;
    if (x === 'threads') {
      plots.push({ name: `rate-${safe(metric.name)}`, caption: `${metric.name} vs threads per layout (columns: profile, rows: prefetch).`, spec: rateVsThreadsSpec(metric, rows, domain, axis ?? 'series') });
    } else {
      plots.push({ name: `bars-${safe(metric.name)}`, caption: `${metric.name} by ${x ?? 'series'} and prefetch setting.`, spec: scenarioBarsSpec(metric, rows) });
    }
    if (compare && x) {
      const pr = pctRows(compare.tables, metric.name, x);
      if (pr.length > 0) {
        plots.push({ name: `pct-${safe(metric.name)}`, caption: `% change of ${metric.name} vs ${compare.setup.axis} ${compare.setup.baseline}.`,
          spec: pctChangeSpec(metric, `${compare.setup.axis}=${compare.setup.baseline}`, pr, x, domain, compare.setup.axis) });
      }
    }
  }
  const pairRows = pairCostRows(attrs);
  for (const profile of axisValues(points, 'profile').map(String)) {
    if (!pairRows.some((r) => r.profile === profile)) continue;
    plots.push({ name: `pairs-${safe(profile)}`, caption: `False-sharing cost by (writer field → victim field) on ${profile}: coherence misses per op.`,
      spec: pairHeatmapSpec(profile, pairRows) });
  }
  const bd = breakdownRows(representative, x);
  if (bd.length > 0) plots.push({ name: 'cycles', caption: 'Where cycles went, per op, at the max thread count of each series.', spec: breakdownSpec(bd) });
  return plots;
}
