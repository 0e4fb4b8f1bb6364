import type { MonthlyAudit } from "../audit/types.ts";
import { CHART_CONFIG, MONTH_NAMES, sectorPalette } from "./chartStyle.ts";

export interface ChartFactory {
  readonly factoryId: string;
  readonly sector: string;
  readonly months: readonly Pick<MonthlyAudit, "month" | "cumulativeKg">[];
}

export interface CumulativeChartInput {
  readonly year: number;
  /** Sectors to show, in order, each with its annual cap per factory. */
  readonly sectors: readonly { readonly sector: string; readonly capKg: number }[];
  /** The factories to draw (e.g. the top emitters of each sector), in legend order. */
  readonly factories: readonly ChartFactory[];
  readonly subtitle: string;
}

/** A Vega-Lite spec is plain JSON. */
export type VegaLiteSpec = Record<string, unknown>;

const tonnes = (kg: number): number => kg / 1000;
const formatTonnes = (t: number): string => `${Math.round(t).toLocaleString("en-US")} t`;

/**
 * Cumulative emissions by month (tonnes CO2), one panel per sector with its own scale, one
 * line per factory in its sector's hue, and a dashed rule at the sector's annual cap. The
 * legend names factory and sector. The server renders exactly this spec; a frontend can
 * hand it to vega-embed for the same chart, interactive.
 */
export function cumulativeChartSpec(input: CumulativeChartInput): VegaLiteSpec {
  const series: string[] = [];
  const colors: string[] = [];
  const lines: Record<string, unknown>[] = [];
  input.sectors.forEach(({ sector }, position) => {
    const palette = sectorPalette(sector, position);
    input.factories
      .filter((f) => f.sector === sector)
      .forEach((factory, n) => {
        const label = `${factory.factoryId} (${sector})`;
        series.push(label);
        colors.push(palette[n % palette.length] ?? "#333333");
        for (const { month, cumulativeKg } of factory.months) {
          lines.push({
            series: label,
            factoryId: factory.factoryId,
            sector,
            month: MONTH_NAMES[month - 1],
            cumulativeTonnes: tonnes(cumulativeKg),
          });
        }
      });
  });
  const caps = input.sectors.map(({ sector, capKg }, position) => ({
    sector,
    capTonnes: tonnes(capKg),
    label: `${sector} annual cap ${formatTonnes(tonnes(capKg))}`,
    color: sectorPalette(sector, position)[0],
  }));

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `Cumulative CO2 emissions by month, ${input.year}`, subtitle: input.subtitle },
    config: CHART_CONFIG,
    datasets: { lines, caps },
    hconcat: input.sectors.map(({ sector }) => ({
      title: sector,
      width: 340,
      height: 360,
      layer: [
        {
          data: { name: "lines" },
          transform: [{ filter: `datum.sector === ${JSON.stringify(sector)}` }],
          mark: { type: "line", point: true, strokeWidth: 2 },
          encoding: {
            x: {
              field: "month",
              type: "ordinal",
              title: "Month",
              scale: { domain: [...MONTH_NAMES] },
              axis: { labelAngle: 0 },
            },
            y: {
              field: "cumulativeTonnes",
              type: "quantitative",
              title: "Cumulative emissions (t CO2)",
            },
            color: {
              field: "series",
              type: "nominal",
              title: "Factory (sector)",
              scale: { domain: series, range: colors },
            },
            tooltip: [
              { field: "factoryId", title: "Factory" },
              { field: "sector", title: "Sector" },
              { field: "month", title: "Month" },
              { field: "cumulativeTonnes", title: "Cumulative t CO2", format: ",.1f" },
            ],
          },
        },
        {
          data: { name: "caps" },
          transform: [{ filter: `datum.sector === ${JSON.stringify(sector)}` }],
          mark: { type: "rule", strokeDash: [7, 5], strokeWidth: 2 },
          encoding: {
            y: { field: "capTonnes", type: "quantitative" },
            color: { field: "color", type: "nominal", scale: null },
          },
        },
        {
          data: { name: "caps" },
          transform: [{ filter: `datum.sector === ${JSON.stringify(sector)}` }],
          mark: { type: "text", align: "left", dx: 4, dy: -8, fontSize: 12 },
          encoding: {
            x: { datum: MONTH_NAMES[0] },
            y: { field: "capTonnes", type: "quantitative" },
            text: { field: "label" },
            color: { field: "color", type: "nominal", scale: null },
          },
        },
      ],
    })),
    resolve: { scale: { y: "independent", color: "shared" }, legend: { color: "shared" } },
  };
}
