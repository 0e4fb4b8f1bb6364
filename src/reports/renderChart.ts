import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { CHART_FONT } from "./chartStyle.ts";
import type { VegaLiteSpec } from "./cumulativeChart.ts";

/** PNGs are at least this wide (the SVG is scaled to it). */
export const PNG_MIN_WIDTH = 1600;

// The PNG renderer reads no system fonts: the DejaVu fonts come with the npm package, so a
// bare machine renders the same text as this one.
const FONT_DIR = join(
  dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
);
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"].map((f) =>
  join(FONT_DIR, f),
);

// The renderers are loaded on first use: a server that is never asked for a chart does not
// carry them.
const renderers = {
  vega: () => import("vega"),
  vegaLite: () => import("vega-lite"),
  resvg: () => import("@resvg/resvg-js"),
};

/** Vega-Lite → Vega → SVG, headless (no canvas). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([
    renderers.vega(),
    renderers.vegaLite(),
  ]);
  const view = new View(parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG → PNG with the bundled fonts, at least PNG_MIN_WIDTH pixels wide. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await renderers.resvg();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: PNG_MIN_WIDTH },
    background: "white",
    font: {
      loadSystemFonts: false,
      fontFiles: FONT_FILES,
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
  });
  return resvg.render().asPng();
}
