import type { AuditJobRecord, JobStage, JobStatus } from "./jobTypes.ts";

export interface JobProgress {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly stage: JobStage;
  readonly rowsProcessed: number;
  readonly bytesProcessed: number;
  readonly totalBytes: number | null;
  /** 0–100, never decreasing over a job's life. */
  readonly percent: number;
}

/** Where each stage starts on the 0–100 scale; reading the file is most of the work. */
const STAGE_START: Readonly<Record<JobStage, number>> = {
  receiving: 0,
  cleaning: 0,
  auditing: 80,
  saving: 88,
  rendering: 95,
  done: 100,
};

export function percentDone(
  status: JobStatus,
  stage: JobStage,
  bytesProcessed: number,
  totalBytes: number | null,
): number {
  if (status === "SUCCEEDED" || status === "FAILED") return 100;
  if ((stage === "receiving" || stage === "cleaning") && totalBytes !== null && totalBytes > 0) {
    return Math.min(
      STAGE_START.auditing,
      Math.floor((STAGE_START.auditing * bytesProcessed) / totalBytes),
    );
  }
  return STAGE_START[stage];
}

export function progressOf(job: AuditJobRecord): JobProgress {
  return {
    jobId: job.id,
    status: job.status,
    stage: job.stage,
    rowsProcessed: job.rowsProcessed,
    bytesProcessed: job.bytesProcessed,
    totalBytes: job.totalBytes,
    percent: percentDone(job.status, job.stage, job.bytesProcessed, job.totalBytes),
  };
}
