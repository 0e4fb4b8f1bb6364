import { CHART_CONFIG, sectorPalette } from "./chartStyle.ts";
import type { VegaLiteSpec } from "./cumulativeChart.ts";

export interface SectorChartInput {
  readonly year: number;
  readonly sectors: readonly {
    readonly sector: string;
    readonly factories: number;
    readonly totalEmissionsKg: number;
    /** The caps of the sector's factories, summed. */
    readonly capsKg: number;
    readonly factoriesOverCap: number;
  }[];
}

/** Total emissions per sector (bars) against the sum of its factories' caps (ticks). */
export function sectorChartSpec(input: SectorChartInput): VegaLiteSpec {
  const rows = input.sectors.map((s, position) => ({
    sector: s.sector,
    totalTonnes: s.totalEmissionsKg / 1000,
    capsTonnes: s.capsKg / 1000,
    factories: s.factories,
    overCap: s.factoriesOverCap,
    color: sectorPalette(s.sector, position)[0],
  }));
  const y = { type: "quantitative", title: "t CO2" } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `CO2 emissions by sector, ${input.year}`,
      subtitle: "Bars: total emissions. Black ticks: the sum of the sector's factory caps.",
    },
    config: CHART_CONFIG,
    width: 720,
    height: 400,
    data: { values: rows },
    encoding: { x: { field: "sector", type: "nominal", title: "Sector", axis: { labelAngle: 0 } } },
    layer: [
      {
        mark: { type: "bar", width: { band: 0.6 } },
        encoding: {
          y: { ...y, field: "totalTonnes" },
          color: { field: "color", type: "nominal", scale: null },
          tooltip: [
            { field: "sector", title: "Sector" },
            { field: "totalTonnes", title: "Total t CO2", format: ",.1f" },
            { field: "capsTonnes", title: "Sum of caps t CO2", format: ",.1f" },
            { field: "factories", title: "Factories" },
            { field: "overCap", title: "Factories over cap" },
          ],
        },
      },
      {
        mark: { type: "tick", thickness: 3, size: 80, color: "black" },
        encoding: { y: { ...y, field: "capsTonnes" } },
      },
      {
        mark: { type: "text", dy: -8, fontSize: 12 },
        encoding: {
          y: { ...y, field: "totalTonnes" },
          text: { field: "totalTonnes", format: ",.0f" },
        },
      },
    ],
  };
}
