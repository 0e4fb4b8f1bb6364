import type { FactoryAudit } from "../audit/types.ts";
import type { Provenance } from "../pipeline/auditCsv.ts";
import { amountCell, csvLine, textCell } from "./csvCell.ts";

/** The reference tool's columns in its order, then ours. */
export const SUMMARY_CSV_COLUMNS = [
  "factory_id",
  "sector",
  "total_emissions_kg",
  "max_monthly_emissions_kg",
  "avg_monthly_emissions_kg",
  "alerts_count",
  "status",
  "year",
  "cap_kg",
  "first_exceeded_month",
  "months_reported",
  "input_sha256",
  "factor_set_version",
  "factor_set_sha256",
] as const;

/** `audit_summary_<year>.csv`, or `<first>-<last>` for a file spanning several years. */
export function summaryCsvFileName(years: readonly number[]): string {
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) return "audit_summary.csv";
  return first === last ? `audit_summary_${first}.csv` : `audit_summary_${first}-${last}.csv`;
}

/** The summary CSV, one line at a time, so any number of factories can be written. */
export function summaryCsvHeader(): string {
  return csvLine(SUMMARY_CSV_COLUMNS);
}

/** One factory-year's line of the summary CSV. */
export function summaryCsvLine(audit: FactoryAudit, provenance: Provenance): string {
  return csvLine([
    textCell(audit.factoryId),
    textCell(audit.sector),
    amountCell(audit.totalEmissionsKg),
    amountCell(audit.maxMonthlyKg),
    amountCell(audit.avgMonthlyKg),
    String(audit.alerts),
    audit.status,
    String(audit.year),
    amountCell(audit.capKg),
    audit.firstExceededMonth === null ? "" : String(audit.firstExceededMonth),
    String(audit.monthsReported),
    provenance.inputSha256,
    textCell(provenance.factorSetVersion),
    provenance.factorSetSha256,
  ]);
}

/** The summary CSV, one line at a time, so any number of factories can be written. */
export function* summaryCsvLines(
  factories: Iterable<FactoryAudit>,
  provenance: Provenance,
): Generator<string> {
  yield summaryCsvHeader();
  for (const audit of factories) yield summaryCsvLine(audit, provenance);
}
