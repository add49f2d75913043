/**
 * Vega-Lite → SVG (vega's headless renderer, no canvas) → PNG (resvg). resvg drops all
 * text unless fonts are loaded, so we load system fonts and name DejaVu Sans (Debian's
 * fonts-dejavu-core, installed by scripts/setup-tools.sh) both in the chart config and as
 * resvg's default family.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import * as vega from 'vega';
import { Resvg } from '@resvg/resvg-js';

export const FONT = 'DejaVu Sans';

/** Chart config shared by every plot: one font, readable sizes, white background. */
export const BASE_CONFIG = {
  font: FONT,
  background: 'white',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start' as const },
  view: { stroke: '#ccc' },
};

export interface RenderedPlot {
  svg: string;
  png: Uint8Array;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vgSpec = compile({ ...spec, config: { ...BASE_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec,
    { logger: vega.logger(vega.None) }).spec; // layout warnings are noise on the CLI
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 }, // 2× for readable screenshots in patch mails
    font: { loadSystemFonts: true, defaultFontFamily: FONT, sansSerifFamily: FONT },
    background: 'white',
  });
  return resvg.render().asPng();
}

export async function renderPlot(spec: TopLevelSpec): Promise<RenderedPlot> {
  const svg = await renderSvg(spec);
  return { svg, png: svgToPng(svg) };
}
