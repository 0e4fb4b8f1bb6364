import type { SectorConfig } from "../config/sectorConfig.ts";
import type { CleanedInput } from "../ingest/cleanCsv.ts";
import { provenanceOf, streamAudit } from "../pipeline/auditCsv.ts";
import type { ResultsToSave } from "./store/jobStore.ts";

/**
 * A cleaned upload as the store saves it: its factory-years audited one at a time as the
 * store writes them, the cleaning report, provenance and (after the last one) the totals.
 */
export function resultsToSave(cleaned: CleanedInput, config: SectorConfig): ResultsToSave {
  const audit = streamAudit(cleaned, config);
  const { issues, ...cleaning } = cleaned.report;
  return {
    factories: audit.factories,
    issues,
    cleaning,
    provenance: provenanceOf(cleaned, config),
    rowsProcessed: cleaning.originalRows,
    totals: audit.totals,
  };
}
