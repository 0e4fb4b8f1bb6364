import type { Industry } from "../audit/industry.ts";
import { type AuditOutcome, auditFactoryYears, runAudit } from "../audit/runner.ts";
import { type AuditTotals, SummaryAccumulator } from "../audit/summary.ts";
import type { SectorConfig } from "../config/sectorConfig.ts";
import { type CleanedInput, type CleaningReport, cleanCsv } from "../ingest/cleanCsv.ts";
import type { IssueSink } from "../ingest/issues.ts";

export type AuditStage = "cleaning" | "auditing";

export interface AuditProgress {
  readonly stage: AuditStage;
  readonly rowsProcessed: number;
  readonly bytesProcessed: number;
  /** Size of the input when the caller knows it (a file on disk, a Content-Length). */
  readonly totalBytes: number | null;
}

export interface Provenance {
  readonly inputSha256: string;
  readonly inputBytes: number;
  readonly factorSetVersion: string;
  readonly factorSetSha256: string;
}

export interface AuditReport extends AuditOutcome {
  readonly cleaningReport: CleaningReport;
  readonly provenance: Provenance;
}

export interface AuditCsvOptions {
  readonly config: SectorConfig;
  /** Year for rows that give none; defaults to the current UTC year. */
  readonly year?: number;
  readonly totalBytes?: number;
  readonly keepIssues?: number;
  readonly issueSink?: IssueSink;
  readonly onProgress?: (progress: AuditProgress) => void;
}

/** CSV bytes in, a complete audit out: cleaning while the bytes stream, then the audit. */
export async function auditCsv(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: AuditCsvOptions,
): Promise<AuditReport> {
  const totalBytes = options.totalBytes ?? null;
  const cleaned = await cleanCsv(source, {
    config: options.config,
    defaultYear: options.year ?? new Date().getUTCFullYear(),
    keepIssues: options.keepIssues,
    issueSink: options.issueSink,
    onProgress: (p) => options.onProgress?.({ stage: "cleaning", totalBytes, ...p }),
  });
  options.onProgress?.({
    stage: "auditing",
    rowsProcessed: cleaned.report.originalRows,
    bytesProcessed: cleaned.inputBytes,
    totalBytes,
  });
  return auditCleaned(cleaned, options.config);
}

/** The audit of input already cleaned, with its provenance. */
export function auditCleaned(cleaned: CleanedInput, config: SectorConfig): AuditReport {
  const outcome = runAudit(cleaned.collector.factoryYears(), config.factorSet);
  return { ...outcome, cleaningReport: cleaned.report, provenance: provenanceOf(cleaned, config) };
}

export function provenanceOf(
  cleaned: Pick<CleanedInput, "inputSha256" | "inputBytes">,
  config: SectorConfig,
): Provenance {
  return {
    inputSha256: cleaned.inputSha256,
    inputBytes: cleaned.inputBytes,
    factorSetVersion: config.factorSet.version,
    factorSetSha256: config.factorSet.sha256,
  };
}

/**
 * The audit as a stream, for a caller that stores each factory-year and lets it go: the
 * factories are audited as `factories` is iterated, and `totals()` (valid once it has been
 * iterated to the end) holds the summary, sector breakdown and violator counts, summed in
 * the same order as auditCsv's, so the numbers are identical to the last bit.
 */
export function streamAudit(
  cleaned: CleanedInput,
  config: SectorConfig,
): { factories: Iterable<Industry>; totals: () => AuditTotals } {
  const accumulator = new SummaryAccumulator();
  function* factories(): Generator<Industry> {
    for (const industry of auditFactoryYears(cleaned.collector.factoryYears(), config.factorSet)) {
      accumulator.add(industry);
      yield industry;
    }
  }
  return { factories: factories(), totals: () => accumulator.result() };
}
