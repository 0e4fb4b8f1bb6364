import type { VegaLiteSpec } from "../../reports/cumulativeChart.ts";

export interface RenderRequest {
  readonly spec: VegaLiteSpec;
  readonly format: "svg" | "png";
}

export type RenderResult =
  | { readonly svg: string }
  | { readonly png: Uint8Array }
  | { readonly error: string };
