import type { SectorConfig } from "../config/sectorConfig.ts";
import {
  type CanonicalColumn,
  type ColumnLayout,
  OPTIONAL_COLUMNS,
  REQUIRED_COLUMNS,
} from "./columns.ts";
import type { IssueCode, IssueLog } from "./issues.ts";
import { ownedString } from "./ownedString.ts";
import { readMonth, readNumber, readYear } from "./values.ts";

/** A row that passed every per-row rule, in canonical units and names. */
export interface CleanRow {
  readonly line: number;
  readonly factoryId: string;
  readonly sector: string;
  readonly year: number;
  readonly month: number;
  readonly productionTons: number;
  readonly energyMwh: number;
  readonly energySource: string;
  readonly rawMaterialTons: number;
}

/** Counts of what cleaning did silently, by design, to rows it kept. */
export interface QuietActions {
  defaultedEnergySources: number;
  defaultedYears: number;
}

const NUMBER_PROBLEMS = {
  MISSING_VALUE: "is empty; a number ≥ 0 is required",
  INVALID_NUMBER: "is not a number",
  NON_FINITE_NUMBER: "is not a finite number",
} as const;

const CANONICAL_COLUMNS: readonly CanonicalColumn[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
/** What the decoder leaves for bytes that are not UTF-8 (U+FFFD), and NUL. */
function isUnreadable(text: string): boolean {
  return text.includes("\uFFFD") || text.includes("\u0000");
}

/**
 * Applies the per-row cleaning rules (DESIGN.md rules 2–7) to one parsed row. A row that
 * cannot be audited gets exactly one DROPPED issue (the first problem found) and no warnings.
 */
export class RowCleaner {
  readonly #layout: ColumnLayout;
  readonly #config: SectorConfig;
  readonly #defaultYear: number;
  readonly #issues: IssueLog;
  readonly #sectors: NameLookup;
  readonly #energySources: NameLookup;
  readonly quiet: QuietActions = { defaultedEnergySources: 0, defaultedYears: 0 };

  constructor(layout: ColumnLayout, config: SectorConfig, defaultYear: number, issues: IssueLog) {
    this.#layout = layout;
    this.#config = config;
    this.#sectors = new NameLookup(config.sectorNames);
    this.#energySources = new NameLookup(config.energySourceNames);
    this.#defaultYear = defaultYear;
    this.#issues = issues;
  }

  /** `readable`: the caller has checked that no field holds U+FFFD or NUL. */
  clean(fields: readonly string[], line: number, readable = false): CleanRow | null {
    const layout = this.#layout;
    if (fields.length < layout.fieldCount) {
      return this.#drop(
        "TOO_FEW_FIELDS",
        line,
        null,
        fields.join(","),
        `row has ${fields.length} fields but the header has ${layout.fieldCount}`,
      );
    }
    if (fields.length > layout.fieldCount && hasTextAfter(fields, layout.fieldCount)) {
      return this.#drop(
        "TOO_MANY_FIELDS",
        line,
        null,
        fields.join(","),
        `row has ${fields.length} fields but the header has ${layout.fieldCount}; quote values that contain commas`,
      );
    }
    if (!readable) {
      const unreadable = CANONICAL_COLUMNS.find((column) =>
        isUnreadable(cell(fields, layout, column)),
      );
      if (unreadable !== undefined) {
        return this.#drop(
          "INVALID_ENCODING",
          line,
          unreadable,
          cell(fields, layout, unreadable),
          "value holds bytes that are not UTF-8 text; save the file as UTF-8",
        );
      }
    }

    const factoryId = cell(fields, layout, "factory_id").trim();
    if (factoryId.length === 0) {
      return this.#drop("EMPTY_FACTORY_ID", line, "factory_id", "", "factory id is empty");
    }

    const rawSector = cell(fields, layout, "sector");
    const sector = this.#sectors.lookup(rawSector);
    if (sector === undefined) {
      const known = [...this.#config.factorSet.sectors.keys()].join(", ");
      return this.#drop(
        "UNKNOWN_SECTOR",
        line,
        "sector",
        rawSector,
        rawSector.trim().length === 0
          ? `sector is empty; expected one of ${known}`
          : `sector "${rawSector.trim()}" is not configured; expected one of ${known}`,
      );
    }

    const rawMonth = cell(fields, layout, "month");
    const month = readMonth(rawMonth);
    if (month === null) {
      return this.#drop(
        "INVALID_MONTH",
        line,
        "month",
        rawMonth,
        `month "${rawMonth.trim()}" is not 1–12, a month name (Jan, January) or YYYY-MM`,
      );
    }

    const productionTons = this.#quantity(fields, line, "monthly_production_tons");
    if (productionTons === null) return null;
    const energyMwh = this.#quantity(fields, line, "energy_used_mwh");
    if (energyMwh === null) return null;

    const rawYear = cell(fields, layout, "year");
    let year = month.year;
    if (rawYear.trim().length > 0) {
      const fromColumn = readYear(rawYear);
      if (fromColumn === null) {
        return this.#drop(
          "INVALID_YEAR",
          line,
          "year",
          rawYear,
          `year "${rawYear.trim()}" is not a four-digit year`,
        );
      }
      if (year !== null && year !== fromColumn) {
        return this.#drop(
          "YEAR_CONFLICT",
          line,
          "year",
          rawYear,
          `year ${fromColumn} contradicts month "${rawMonth.trim()}"`,
        );
      }
      year = fromColumn;
    }
    if (year === null) {
      year = this.#defaultYear;
      this.quiet.defaultedYears += 1;
    }

    return {
      line,
      factoryId,
      sector,
      year,
      month: month.month,
      productionTons,
      energyMwh,
      energySource: this.#energySource(cell(fields, layout, "energy_source_type"), line),
      rawMaterialTons: this.#rawMaterial(cell(fields, layout, "raw_material_weight_tons"), line),
    };
  }

  #drop(
    code: IssueCode,
    line: number,
    column: CanonicalColumn | null,
    value: string | null,
    message: string,
  ): null {
    this.#issues.report(code, line, column, value, message);
    return null;
  }

  /** A required quantity ≥ 0, or null after reporting why the row is dropped. */
  #quantity(fields: readonly string[], line: number, column: CanonicalColumn): number | null {
    const raw = cell(fields, this.#layout, column);
    const reading = readNumber(raw);
    if (typeof reading === "string") {
      return this.#drop(reading, line, column, raw, `${column} ${NUMBER_PROBLEMS[reading]}`);
    }
    if (reading < 0) {
      return this.#drop(
        "NEGATIVE_VALUE",
        line,
        column,
        raw,
        `${column} is negative (${raw.trim()}); a number ≥ 0 is required`,
      );
    }
    return reading;
  }

  #energySource(raw: string, line: number): string {
    const text = raw;
    const fallback = this.#config.defaultEnergySource;
    if (text.trim().length === 0) {
      this.quiet.defaultedEnergySources += 1;
      return fallback;
    }
    const canonical = this.#energySources.lookup(text);
    if (canonical !== undefined) return canonical;
    this.#issues.report(
      "UNKNOWN_ENERGY_SOURCE",
      line,
      "energy_source_type",
      raw,
      `energy source "${raw.trim()}" is not known; audited as ${fallback}`,
    );
    return fallback;
  }

  #rawMaterial(raw: string, line: number): number {
    const reading = readNumber(raw);
    if (typeof reading === "string") {
      if (reading !== "MISSING_VALUE") {
        this.#issues.report(
          "INVALID_RAW_MATERIAL",
          line,
          "raw_material_weight_tons",
          raw,
          `raw material "${raw.trim()}" ${NUMBER_PROBLEMS[reading]}; counted as 0`,
        );
      }
      return 0;
    }
    if (reading < 0) {
      this.#issues.report(
        "NEGATIVE_RAW_MATERIAL",
        line,
        "raw_material_weight_tons",
        raw,
        `raw material is negative (${raw.trim()}); counted as 0`,
      );
      return 0;
    }
    return reading;
  }
}

function cell(fields: readonly string[], layout: ColumnLayout, column: CanonicalColumn): string {
  const index = layout[column];
  return index < 0 ? "" : (fields[index] ?? "");
}

function hasTextAfter(fields: readonly string[], from: number): boolean {
  for (let i = from; i < fields.length; i++) if ((fields[i] ?? "").trim().length > 0) return true;
  return false;
}

/**
 * Case- and space-insensitive name lookup that remembers the spellings it has seen, so the
 * usual case (the same few spellings on every row) costs one map lookup and no new strings.
 */
class NameLookup {
  static readonly #MAX_REMEMBERED = 1024;
  readonly #names: ReadonlyMap<string, string>;
  /** Spelling → canonical name, or null for a spelling known not to match. */
  readonly #seen = new Map<string, string | null>();

  constructor(names: ReadonlyMap<string, string>) {
    this.#names = names;
  }

  lookup(raw: string): string | undefined {
    const seen = this.#seen.get(raw);
    if (seen !== undefined) return seen ?? undefined;
    const found = this.#names.get(raw.trim().toLowerCase());
    if (this.#seen.size < NameLookup.#MAX_REMEMBERED)
      this.#seen.set(ownedString(raw), found ?? null);
    return found;
  }
}
