import type { SectorConfig } from "../config/sectorConfig.ts";
import type { CleanedInput } from "../ingest/cleanCsv.ts";
import { provenanceOf, streamAudit } from "../pipeline/auditCsv.ts";
import { type FactoryYearBatch, inBatches } from "../pipeline/factoryYearBatch.ts";
import type { ResultsToSave } from "./store/jobStore.ts";

/** Factory-years handed to the store at a time; the event loop runs between batches. */
const BATCH = 5000;

/**
 * A cleaned upload as the store saves it: its factory-years audited a batch at a time as the
 * store writes them, the cleaning report, provenance and (after the last one) the totals.
 */
export function resultsToSave(cleaned: CleanedInput, config: SectorConfig): ResultsToSave {
  const audit = streamAudit(cleaned, config);
  const { issues, ...cleaning } = cleaned.report;
  return {
    factories: eachInTurn(inBatches(audit.factories, BATCH)),
    issues,
    cleaning,
    provenance: provenanceOf(cleaned, config),
    rowsProcessed: cleaning.originalRows,
    totals: audit.totals,
  };
}

/** The batches as the store takes them: one at a time, audited as it asks for the next. */
async function* eachInTurn(batches: Iterable<FactoryYearBatch>): AsyncGenerator<FactoryYearBatch> {
  yield* batches;
}
