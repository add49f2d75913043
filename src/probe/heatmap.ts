/**
 * The core-to-core latency matrix as a heatmap (vega-lite, rendered like the report's
 * plots): one cell per measured pair, both orders, labelled with the one-way ns of the best repetition (as src/probe/fit.ts uses).
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../report/plots/render.ts';
import type { Probe } from './schema.ts';

export function heatmapSpec(p: Probe): TopLevelSpec {
  const values = p.measurements.pingpong.flatMap((x) => [
    { a: x.a, b: x.b, ns: x.oneWayNs.min, category: x.category },
    { a: x.b, b: x.a, ns: x.oneWayNs.min, category: x.category },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Core-to-core one-way latency, ns (CAS ping-pong, best repetition), ${p.machine.modelName}`,
    data: { values },
    width: Math.max(160, Math.min(900, 28 * p.cpusUsed.length)),
    height: Math.max(160, Math.min(900, 28 * p.cpusUsed.length)),
    encoding: {
      x: { field: 'a', type: 'ordinal', title: 'CPU' },
      y: { field: 'b', type: 'ordinal', title: 'CPU' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'ns', type: 'quantitative', title: 'ns', scale: { scheme: 'viridis', reverse: true } },
        tooltip: [{ field: 'a' }, { field: 'b' }, { field: 'ns' }, { field: 'category' }] } },
      ...(p.cpusUsed.length <= 16 ? [{ mark: { type: 'text' as const, fontSize: 10 }, encoding: { text: { field: 'ns', type: 'quantitative' as const, format: '.0f' }, color: { value: 'white' } } }] : []),
    ],
  } as TopLevelSpec;
}

/** SVG only: the PNG rasteriser loads every system font, seconds the quick mode can't spare */
export async function renderHeatmap(p: Probe): Promise<{ svg: string } | null> {
  if (p.measurements.pingpong.length === 0) return null;
  return { svg: await renderSvg(heatmapSpec(p)) };
}
