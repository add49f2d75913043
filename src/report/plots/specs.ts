/**
 * Vega-Lite specs for the report's charts. Profiles are facet columns and prefetch settings
 * facet rows throughout, so the same panel position means the same machine setting.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricSpec } from '../../experiment/result-types.ts';
import { BREAKDOWN_KEYS, type BreakdownRow, type PairCostRow, type PctRow, type ValueRow } from './plot-data.ts';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const W = 240, H = 170;
/** One palette for every chart; a colour means the same layout (compared value) everywhere. */
const PALETTE = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#9d755d', '#eeca3b', '#ff9da6', '#bab0ac'];
/** Facet columns in the experiment's order (profiles are listed oldest first), not alphabetically. */
const order = (rows: Array<Record<string, unknown>>, field: string) => [...new Set(rows.map((r) => String(r[field])))];
// Row headers on the right: on the left they ran into the y-axis titles.
const facet = (rows: Array<Record<string, unknown>>, colField: string, rowField: string) => ({
  column: { field: colField, type: 'nominal' as const, title: 'profile', sort: order(rows, colField) },
  row: { field: rowField, type: 'nominal' as const, title: 'prefetch', sort: order(rows, rowField), header: { labelOrient: 'right' as const, titleOrient: 'right' as const } },
});
/** Colour by the compared value with a fixed domain; dashes tell apart what else differs. */
export function colorEnc(domain: string[], title: string) {
  return { field: 'color', type: 'nominal' as const, title, scale: { domain, range: PALETTE.slice(0, Math.max(1, domain.length)) } };
}
const dashEnc = (rows: Array<{ rest: string }>) => (new Set(rows.map((r) => r.rest)).size > 1 ? { strokeDash: { field: 'rest', type: 'nominal' as const, title: 'series' } } : {});

/** (a) metric vs threads per series (layout …), Hmean with 95 % CI whiskers of the mean. */
export function rateVsThreadsSpec(metric: MetricSpec, rows: ValueRow[], domain: string[], colorTitle = 'layout'): TopLevelSpec {
  const agg = metric.aggregate === 'hmean' ? 'Hmean' : 'mean';
  return {
    $schema: SCHEMA,
    title: { text: `${metric.name} vs threads`, subtitle: `${agg} over iterations; whiskers: 95 % CI of the mean` },
    data: { values: rows },
    facet: facet(rows as never, 'profile', 'prefetch'),
    spec: {
      width: W, height: H,
      layer: [
        { mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: 'threads' },
            y: { field: 'value', type: 'quantitative', title: `${metric.name} (${metric.unit})`, scale: { zero: true } },
            color: colorEnc(domain, colorTitle), detail: { field: 'series', type: 'nominal' }, ...dashEnc(rows),
          } },
        { mark: { type: 'errorbar', ticks: true },
          encoding: {
            x: { field: 'x', type: 'quantitative' },
            y: { field: 'lo', type: 'quantitative', title: `${metric.name} (${metric.unit})` }, y2: { field: 'hi' },
            color: colorEnc(domain, colorTitle), detail: { field: 'series', type: 'nominal' },
          } },
      ],
    },
  } as TopLevelSpec;
}

/** Microbenchmark-style: metric by scenario, bars per series × prefetch. */
export function scenarioBarsSpec(metric: MetricSpec, rows: ValueRow[]): TopLevelSpec {
  const agg = metric.aggregate === 'hmean' ? 'Hmean' : 'mean';
  const series = new Set(rows.map((r) => r.series));
  return {
    $schema: SCHEMA,
    title: { text: `${metric.name} by scenario`, subtitle: `${agg} over iterations; ${metric.higherIsBetter ? 'higher' : 'lower'} is better` },
    data: { values: rows.map((r) => ({ ...r, bar: series.size > 1 ? `${r.series} prefetch=${r.prefetch}` : `prefetch=${r.prefetch}` })) },
    facet: { column: { field: 'profile', type: 'nominal', title: 'profile' } },
    spec: {
      width: { step: 22 }, height: H + 40,
      layer: [
        { mark: 'bar', encoding: {
          x: { field: 'x', type: 'nominal', title: 'scenario' },
          xOffset: { field: 'bar', type: 'nominal' },
          y: { field: 'value', type: 'quantitative', title: `${metric.name} (${metric.unit})` },
          color: { field: 'bar', type: 'nominal', title: 'setting' },
        } },
        { mark: { type: 'errorbar', ticks: true, color: '#333' }, encoding: {
          x: { field: 'x', type: 'nominal' }, xOffset: { field: 'bar', type: 'nominal' },
          y: { field: 'lo', type: 'quantitative', title: `${metric.name} (${metric.unit})` }, y2: { field: 'hi' },
        } },
      ],
    },
  } as TopLevelSpec;
}

/** (b) % change vs the baseline per thread count (lines) or per scenario (bars); hollow/pale = within run-to-run spread. */
export function pctChangeSpec(metric: MetricSpec, baseline: string, rows: PctRow[], x: 'threads' | 'scenario', domain: string[], colorTitle = 'layout'): TopLevelSpec {
  const byThreads = x === 'threads';
  // with prefetch as the compared axis there is no prefetch row to facet by
  const facetSpec = rows.every((r) => r.facetRow === '')
    ? { column: { field: 'facetCol', type: 'nominal' as const, title: 'profile', sort: order(rows as never, 'facetCol') } }
    : facet(rows as never, 'facetCol', 'facetRow');
  const xEnc = { field: 'x', type: byThreads ? 'quantitative' : 'nominal', title: x };
  const marks = byThreads
    ? [
        { mark: { type: 'line' }, encoding: { x: xEnc, y: { field: 'pct', type: 'quantitative', title: '% change' }, color: colorEnc(domain, colorTitle), detail: { field: 'series', type: 'nominal' }, ...dashEnc(rows) } },
        { mark: { type: 'point', size: 50 }, encoding: {
          x: xEnc, y: { field: 'pct', type: 'quantitative' }, color: colorEnc(domain, colorTitle), detail: { field: 'series', type: 'nominal' },
          fill: { condition: { test: "datum.significance === 'significant'", ...colorEnc(domain, colorTitle) }, value: 'white' },
        } },
      ]
    : [
        { mark: { type: 'bar' }, encoding: {
          x: xEnc, xOffset: { field: 'series', type: 'nominal' },
          y: { field: 'pct', type: 'quantitative', title: '% change' },
          color: colorEnc(domain, colorTitle),
          opacity: { condition: { test: "datum.significance === 'significant'", value: 1 }, value: 0.35 },
        } },
      ];
  return {
    $schema: SCHEMA,
    title: { text: `${metric.name}: % change vs ${baseline}`,
      subtitle: `${byThreads ? 'filled' : 'solid'}: significant (Welch t-test p < 0.05); ${byThreads ? 'hollow' : 'pale'}: within run-to-run spread` },
    data: { values: rows },
    facet: facetSpec,
    spec: {
      width: byThreads ? W : { step: 40 }, height: H,
      layer: [{ mark: { type: 'rule', color: '#888' }, encoding: { y: { datum: 0, type: 'quantitative' } } }, ...marks],
    },
  } as TopLevelSpec;
}

/** (c) writer field × victim field heatmap; colour = coherence misses per op (one panel per series). */
export function pairHeatmapSpec(profile: string, rows: PairCostRow[]): TopLevelSpec {
  const mine = rows.filter((r) => r.profile === profile);
  const panels = [...new Set(mine.map((r) => r.panel))];
  // concat, not facet: each panel has its own fields, and facets with independent step
  // scales break vega-lite's layout
  return {
    $schema: SCHEMA,
    title: { text: `False-sharing cost by field pair (${profile})`, subtitle: 'coherence misses of the victim field per op, caused by writes to another field (true sharing left out); max threads per series' },
    data: { values: mine },
    columns: 3,
    resolve: { scale: { color: 'shared' } },
    concat: panels.map((panel) => ({
      title: { text: panel, fontSize: 11 },
      transform: [{ filter: { field: 'panel', equal: panel } }],
      width: { step: 28 }, height: { step: 22 },
      layer: [
        { mark: 'rect', encoding: {
          x: { field: 'victim', type: 'nominal', title: 'victim field', axis: { labelAngle: -40, labelLimit: 400 } },
          y: { field: 'writer', type: 'nominal', title: 'writer field', axis: { labelLimit: 400 } },
          color: { field: 'missesPerOp', type: 'quantitative', title: 'misses/op', scale: { scheme: 'orangered' } },
        } },
        { mark: { type: 'text', fontSize: 9 }, encoding: {
          x: { field: 'victim', type: 'nominal' }, y: { field: 'writer', type: 'nominal' },
          text: { field: 'missesPerOp', type: 'quantitative', format: '.2f' },
        } },
      ],
    })),
  } as TopLevelSpec;
}

/** (d) where cycles went per op, stacked by category, per series at its max thread count. */
export function breakdownSpec(rows: BreakdownRow[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: { text: 'Where cycles went (per op, summed over threads)', subtitle: 'each series at its max thread count' },
    data: { values: rows },
    facet: facet(rows as never, 'profile', 'prefetch'),
    spec: {
      width: { step: 34 }, height: H,
      mark: 'bar',
      encoding: {
        x: { field: 'series', type: 'nominal', title: null, axis: { labelAngle: -30, labelLimit: 160 } },
        y: { field: 'cyclesPerOp', type: 'quantitative', title: 'cycles per op', stack: 'zero' },
        color: { field: 'category', type: 'nominal', title: 'category', sort: BREAKDOWN_KEYS, scale: { scheme: 'tableau10' } },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  } as TopLevelSpec;
}
