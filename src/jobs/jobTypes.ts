import type { AuditSummary, SectorBreakdown } from "../audit/summary.ts";
import type { FactoryAudit, MonthlyAudit } from "../audit/types.ts";
import type { CleaningReport } from "../ingest/cleanCsv.ts";
import type { IssueSeverity, RowIssue } from "../ingest/issues.ts";
import type { Provenance } from "../pipeline/auditCsv.ts";

export type JobStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
/** `waiting`: stored, waiting for a free audit slot. */
export type JobStage =
  | "waiting"
  | "receiving"
  | "cleaning"
  | "auditing"
  | "saving"
  | "rendering"
  | "done";

export interface JobError {
  readonly code: string;
  readonly message: string;
}

/** What is stored of a finished audit besides its factories and issues. */
export interface StoredResults {
  readonly summary: AuditSummary;
  readonly sectorBreakdown: readonly SectorBreakdown[];
  /** EXCEEDED factory-years per sector. */
  readonly violatorCounts: Readonly<Record<string, number>>;
}

/** The cleaning report without its issues, which are stored one row each. */
export type StoredCleaningReport = Omit<CleaningReport, "issues">;

export interface AuditJobRecord {
  readonly id: string;
  readonly status: JobStatus;
  readonly stage: JobStage;
  readonly fileName: string;
  readonly requestedYear: number | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly rowsProcessed: number;
  readonly bytesProcessed: number;
  readonly totalBytes: number | null;
  readonly error: JobError | null;
  readonly uploadPath: string | null;
  readonly provenance: Provenance | null;
  readonly results: StoredResults | null;
  readonly cleaning: StoredCleaningReport | null;
}

export interface StoredFactoryAudit extends FactoryAudit {
  readonly months: readonly MonthlyAudit[];
}

export interface StoredRowIssue extends RowIssue {
  readonly seq: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly hasNextPage: boolean;
  readonly totalCount: number;
}

export interface IssueFilter {
  readonly code?: string | null;
  readonly severity?: IssueSeverity | null;
}
