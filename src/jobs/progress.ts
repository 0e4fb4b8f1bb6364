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
  waiting: 0,
  receiving: 0,
  cleaning: 0,
  auditing: 80,
  saving: 88,
  rendering: 95,
  done: 100,
};

export const TERMINAL: ReadonlySet<JobStatus> = new Set(["SUCCEEDED", "FAILED"]);

export function percentDone(
  status: JobStatus,
  stage: JobStage,
  bytesProcessed: number,
  totalBytes: number | null,
): number {
  if (TERMINAL.has(status)) return 100;
  if ((stage === "receiving" || stage === "cleaning") && totalBytes !== null && totalBytes > 0) {
    return Math.min(
      STAGE_START.auditing - 1,
      Math.floor((STAGE_START.auditing * bytesProcessed) / totalBytes),
    );
  }
  return STAGE_START[stage];
}

export function progressOf(job: AuditJobRecord): JobProgress {
  return makeProgress(
    job.id,
    job.status,
    job.stage,
    job.rowsProcessed,
    job.bytesProcessed,
    job.totalBytes,
  );
}

export function makeProgress(
  jobId: string,
  status: JobStatus,
  stage: JobStage,
  rowsProcessed: number,
  bytesProcessed: number,
  totalBytes: number | null,
): JobProgress {
  return {
    jobId,
    status,
    stage,
    rowsProcessed,
    bytesProcessed,
    totalBytes,
    percent: percentDone(status, stage, bytesProcessed, totalBytes),
  };
}

const STATUS_ORDER: Readonly<Record<JobStatus, number>> = {
  QUEUED: 0,
  RUNNING: 1,
  SUCCEEDED: 2,
  FAILED: 2,
};
const STAGE_ORDER: readonly JobStage[] = [
  "waiting",
  "receiving",
  "cleaning",
  "auditing",
  "saving",
  "rendering",
  "done",
];

/** Whether `next` describes a later moment of the same job than `previous`. */
export function isLaterThan(next: JobProgress, previous: JobProgress): boolean {
  const byStatus = STATUS_ORDER[next.status] - STATUS_ORDER[previous.status];
  if (byStatus !== 0) return byStatus > 0;
  if (TERMINAL.has(previous.status)) return false;
  const byStage = STAGE_ORDER.indexOf(next.stage) - STAGE_ORDER.indexOf(previous.stage);
  if (byStage !== 0) return byStage > 0;
  return (
    next.bytesProcessed > previous.bytesProcessed || next.rowsProcessed > previous.rowsProcessed
  );
}

/**
 * Passes progress on at most every `intervalMs` while rows flow, and at once whenever the
 * status or stage changes, so subscribers see every stage without a flood of events.
 */
export class ProgressThrottle {
  readonly #emit: (progress: JobProgress) => void;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #last: JobProgress | null = null;
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    emit: (progress: JobProgress) => void,
    intervalMs = 250,
    now: () => number = Date.now,
  ) {
    this.#emit = emit;
    this.#intervalMs = intervalMs;
    this.#now = now;
  }

  update(progress: JobProgress): void {
    const now = this.#now();
    const changed =
      this.#last === null ||
      this.#last.status !== progress.status ||
      this.#last.stage !== progress.stage;
    if (!changed && now - this.#lastAt < this.#intervalMs) return;
    this.#last = progress;
    this.#lastAt = now;
    this.#emit(progress);
  }
}
