/** stats.csv: one row per point × metric with every summary statistic. */
import { stringify } from '../util/csv.ts';
import { CSV_NUMBERS } from '../util/csv-number.ts';
import type { StatRow } from './axes.ts';
import { axisNames } from './axes.ts';

export function statsCsv(rows: StatRow[]): string {
  const axes = axisNames(rows.map((r) => r.point));
  const num = (x: number) => x;
  return stringify(rows.map((r) => {
    const o: Record<string, string | number> = {};
    for (const a of axes) o[a] = r.point.coords[a] ?? '';
    Object.assign(o, { metric: r.metric.name, unit: r.metric.unit, aggregate: r.metric.aggregate, n: r.stats.n,
      hmean: num(r.stats.hmean), mean: num(r.stats.mean), sd: num(r.stats.sd), ci95: num(r.stats.ci95), min: num(r.stats.min), max: num(r.stats.max) });
    return o;
  }), { ...CSV_NUMBERS, header: true, columns: [...axes, 'metric', 'unit', 'aggregate', 'n', 'hmean', 'mean', 'sd', 'ci95', 'min', 'max'] });
}
