/**
 * Renders one chart and exits: vega, vega-lite and resvg (~50 MB once loaded) live only as long
 * as the render, and a large chart never blocks the server's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { VegaLiteSpec } from "../../reports/cumulativeChart.ts";
import { renderSvg, svgToPng } from "../../reports/renderChart.ts";
import type { RenderRequest, RenderResult } from "./renderProtocol.ts";

const port = parentPort;
if (port === null) throw new Error("renderWorker.ts runs as a worker thread");
const { spec, format } = workerData as RenderRequest;

async function render(): Promise<RenderResult> {
  const svg = await renderSvg(spec as VegaLiteSpec);
  return format === "svg" ? { svg } : { png: await svgToPng(svg) };
}

render().then(
  (result) => port.postMessage(result),
  (error: unknown) => port.postMessage({ error: (error as Error).message ?? String(error) }),
);
