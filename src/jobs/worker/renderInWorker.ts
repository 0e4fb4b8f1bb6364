import type { VegaLiteSpec } from "../../reports/cumulativeChart.ts";
import type { RenderRequest, RenderResult } from "./renderProtocol.ts";
import { startWorker } from "./startWorker.ts";

/** A chart as SVG text or PNG bytes, rendered by a worker of its own (renderWorker.ts). */
export function renderInWorker(spec: VegaLiteSpec, format: "svg"): Promise<string>;
export function renderInWorker(spec: VegaLiteSpec, format: "png"): Promise<Uint8Array>;
export function renderInWorker(
  spec: VegaLiteSpec,
  format: "svg" | "png",
): Promise<string | Uint8Array> {
  const request: RenderRequest = { spec, format };
  const worker = startWorker("renderWorker", request);
  return new Promise<string | Uint8Array>((resolve, reject) => {
    worker.once("message", (result: RenderResult) => {
      if ("error" in result) reject(new Error(`the chart could not be rendered: ${result.error}`));
      else resolve("svg" in result ? result.svg : result.png);
    });
    worker.once("error", reject);
    worker.once("exit", (code) =>
      reject(new Error(`the chart renderer stopped (exit code ${code})`)),
    );
  }).finally(() => void worker.terminate());
}
