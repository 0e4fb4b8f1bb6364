import { CsvFileError } from "./fileError.ts";

export const REQUIRED_COLUMNS = [
  "factory_id",
  "sector",
  "month",
  "monthly_production_tons",
  "energy_used_mwh",
] as const;
export const OPTIONAL_COLUMNS = ["energy_source_type", "raw_material_weight_tons", "year"] as const;

export type CanonicalColumn = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** Header spellings seen in the wild, after normalisation, for each canonical column. */
const ALIASES: Readonly<Record<CanonicalColumn, readonly string[]>> = {
  factory_id: ["factory", "factoryid", "factory_code", "plant_id", "site_id"],
  sector: ["industry", "industry_sector"],
  month: ["month_number", "period"],
  monthly_production_tons: ["production_tons", "production", "monthly_production", "output_tons"],
  energy_used_mwh: ["energy_mwh", "energy_used", "energy", "energy_consumption_mwh"],
  energy_source_type: ["energy_source", "source_type", "fuel", "fuel_type"],
  raw_material_weight_tons: ["raw_material_tons", "raw_material", "raw_materials_tons"],
  year: ["reporting_year", "compliance_year"],
};

const CANONICAL_BY_NAME: ReadonlyMap<string, CanonicalColumn> = new Map(
  (Object.entries(ALIASES) as [CanonicalColumn, readonly string[]][]).flatMap(
    ([canonical, aliases]) => [canonical, ...aliases].map((name) => [name, canonical] as const),
  ),
);

/** Trim, lowercase, spaces and hyphens to `_`. */
export function normalizeHeaderName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Where each canonical column sits in a row; -1 when the file does not have it. */
export type ColumnLayout = Readonly<Record<CanonicalColumn, number>> & {
  readonly fieldCount: number;
};

export function resolveHeader(header: readonly string[], line: number): ColumnLayout {
  const positions = new Map<CanonicalColumn, number>();
  const duplicates: string[] = [];
  header.forEach((raw, index) => {
    const canonical = CANONICAL_BY_NAME.get(normalizeHeaderName(raw));
    if (canonical === undefined) return;
    if (positions.has(canonical)) duplicates.push(`"${raw.trim()}" (${canonical})`);
    else positions.set(canonical, index);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !positions.has(column));
  if (missing.length > 0) {
    const found = header.map((h) => h.trim()).filter((h) => h.length > 0);
    throw new CsvFileError(
      "MISSING_COLUMNS",
      `missing required column${missing.length === 1 ? "" : "s"}: ${missing.join(", ")} ` +
        `(header on line ${line} has: ${found.length > 0 ? found.slice(0, 20).join(", ") : "nothing"})`,
      line,
    );
  }
  if (duplicates.length > 0) {
    throw new CsvFileError(
      "DUPLICATE_COLUMNS",
      `the header names a column twice: ${duplicates.join(", ")}; keep one of each`,
      line,
    );
  }
  const at = (column: CanonicalColumn): number => positions.get(column) ?? -1;
  return {
    factory_id: at("factory_id"),
    sector: at("sector"),
    month: at("month"),
    monthly_production_tons: at("monthly_production_tons"),
    energy_used_mwh: at("energy_used_mwh"),
    energy_source_type: at("energy_source_type"),
    raw_material_weight_tons: at("raw_material_weight_tons"),
    year: at("year"),
    fieldCount: header.length,
  };
}
