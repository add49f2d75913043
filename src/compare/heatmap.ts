/**
 * What-if heatmaps for offset sweeps: slab start offset × profile, colour = the metric's
 * Hmean (and, for candidates, % change vs the baseline layout at the same point). One
 * panel row per layout, one column per remaining setting (prefetch, objectAlign, threads).
 * Rendered with the standard report's vega-lite → SVG/PNG helpers.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricSpec, PointResult } from '../model/result-types.ts';
import { coordKey, metricSamples, pickCoords, primaryValue } from '../report/axes.ts';
import { summarise } from '../report/stats.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface HeatRow {
  layout: string;
  profile: string;
  setting: string;
  slabOffset: number;
  value: number;
  pct: number | null;
}

function settingOf(c: PointResult['coords']): string {
  const parts = [`prefetch=${c.prefetch}`];
  if (c.objectAlign !== undefined) parts.push(`align=${c.objectAlign}`);
  parts.push(`threads=${c.threads}`);
  return parts.join(' ');
}

export function heatRows(points: PointResult[], metric: MetricSpec, baseline: string): HeatRow[] {
  const val = (p: PointResult) => primaryValue(summarise(metricSamples(p, metric.name)), metric);
  const base = new Map<string, number>();
  for (const p of points) if (p.coords.layout === baseline) base.set(coordKey(pickCoords(p.coords, ['layout'])), val(p));
  return points.filter((p) => p.coords.slabOffset !== undefined).map((p) => {
    const v = val(p);
    const b = base.get(coordKey(pickCoords(p.coords, ['layout'])));
    return {
      layout: String(p.coords.layout), profile: String(p.coords.profile), setting: settingOf(p.coords), slabOffset: Number(p.coords.slabOffset),
      value: v, pct: p.coords.layout === baseline || b === undefined ? null : ((v - b) / b) * 100,
    };
  });
}

export function heatmapSpec(metric: MetricSpec, rows: HeatRow[], field: 'value' | 'pct', title: string): TopLevelSpec {
  const offsets = new Set(rows.map((r) => r.slabOffset)).size;
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: 'x: byte offset of the slab\'s first object in its page; the model repeats with the 128-B pair phase' },
    data: { values: field === 'pct' ? rows.filter((r) => r.pct !== null) : rows },
    facet: { row: { field: 'layout', type: 'nominal', title: 'layout' }, column: { field: 'setting', type: 'nominal', title: null } },
    spec: {
      width: { step: offsets > 64 ? 3 : 12 }, height: { step: 18 },
      mark: 'rect',
      encoding: {
        x: { field: 'slabOffset', type: 'ordinal', title: 'slab start offset (B)',
          axis: { labelExpr: offsets > 64 ? "datum.value % 512 === 0 ? datum.label : ''" : "datum.value % 64 === 0 ? datum.label : ''", labelAngle: 0 } },
        y: { field: 'profile', type: 'nominal', title: 'profile' },
        color: field === 'pct'
          ? { field: 'pct', type: 'quantitative', title: '% vs baseline', scale: { scheme: 'redblue', domainMid: 0 } }
          : { field: 'value', type: 'quantitative', title: `${metric.name}`, scale: { scheme: 'viridis' } },
        tooltip: [{ field: 'slabOffset' }, { field: 'value', format: '.0f' }, { field: 'pct', format: '.2f' }],
      },
    },
  } as TopLevelSpec;
}
