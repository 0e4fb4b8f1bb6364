/** Colours and fonts shared by the charts; one hue family per sector. */

export const CHART_FONT = "DejaVu Sans";

const SECTOR_PALETTES: Readonly<Record<string, readonly string[]>> = {
  Steel: ["#b2182b", "#e34a33", "#f08a4b", "#8c2d04", "#fdae61"],
  Textile: ["#2166ac", "#4393c3", "#6a51a3", "#08519c", "#92c5de"],
  Electronics: ["#1b7837", "#41ab5d", "#35978f", "#006d2c", "#a6dba0"],
};
const FALLBACK_PALETTES: readonly (readonly string[])[] = [
  ["#762a83", "#9970ab", "#c2a5cf", "#40004b", "#e7d4e8"],
  ["#8c510a", "#bf812d", "#dfc27d", "#543005", "#f6e8c3"],
  ["#4d4d4d", "#878787", "#bababa", "#1a1a1a", "#e0e0e0"],
];

/** The palette of a sector; unknown sectors get a stable fallback by their position. */
export function sectorPalette(sector: string, position: number): readonly string[] {
  return (
    SECTOR_PALETTES[sector] ?? FALLBACK_PALETTES[position % FALLBACK_PALETTES.length] ?? ["#333333"]
  );
}

export const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

export const CHART_CONFIG = {
  font: CHART_FONT,
  background: "white",
  view: { stroke: "#dddddd" },
  axis: { labelFontSize: 12, titleFontSize: 13, gridColor: "#eeeeee" },
  legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 320 },
  title: { fontSize: 18, subtitleFontSize: 13, anchor: "start" },
} as const;
