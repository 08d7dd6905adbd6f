import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Shared look of every chart: white background, readable fonts, one width. */
export const CHART_CONFIG = {
  background: "white",
  font: "Helvetica, Arial, sans-serif",
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: "start" },
} as const;

/** Renders a Vega-Lite spec to an SVG string in Node, without a browser or canvas. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const withConfig = { config: CHART_CONFIG, ...spec } as TopLevelSpec;
  const view = new View(parse(compile(withConfig).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a spec and writes `<dir>/<name>.svg`; returns the file name relative to `dir`. */
export async function writeChart(dir: string, name: string, spec: TopLevelSpec): Promise<string> {
  const file = `${name}.svg`;
  writeFileSync(join(dir, file), await renderSvg(spec));
  return file;
}
