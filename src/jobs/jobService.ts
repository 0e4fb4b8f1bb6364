import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { SectorConfig } from "../config/sectorConfig.ts";
import { type CleanedInput, cleanCsv } from "../ingest/cleanCsv.ts";
import { CsvFileError } from "../ingest/fileError.ts";
import { auditCleaned } from "../pipeline/auditCsv.ts";
import type { AuditJobRecord } from "./jobTypes.ts";
import type { JobStore } from "./store/jobStore.ts";
import { teeToFile, UploadInterruptedError, UploadTooLargeError } from "./uploadTee.ts";

export interface JobServiceOptions {
  readonly store: JobStore;
  readonly config: SectorConfig;
  readonly uploadsDir: string;
  readonly maxUploadBytes: number;
  /** Issues stored per job; all are counted. */
  readonly keepIssues?: number;
  readonly log?: (message: string, error?: unknown) => void;
}

export interface SubmitUpload {
  readonly fileName: string;
  /** The upload as it arrives; busboy marks it `truncated` when it hit the size limit. */
  readonly stream: Readable & { readonly truncated?: boolean };
  readonly year: number | null;
  readonly awaitCompletion: boolean;
}

/** A problem with what the user sent, to be shown to them as it is. */
export interface UploadRejection {
  readonly code: string;
  readonly message: string;
  readonly line?: number | null;
}

export type SubmitResult =
  | { readonly job: AuditJobRecord }
  | { readonly rejection: UploadRejection };

const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Job ids are UUIDs; anything else never reaches a path or a query. */
export function isJobId(id: string): boolean {
  return JOB_ID.test(id);
}

/**
 * Runs audit jobs: an upload is cleaned while it streams in and is copied to disk; once the
 * copy is durable the job row is committed (that is the acknowledgement), then the audit is
 * finished and stored, in the background unless the caller waits for it.
 */
export class JobService {
  readonly #options: JobServiceOptions;
  readonly #running = new Set<Promise<unknown>>();

  constructor(options: JobServiceOptions) {
    this.#options = options;
  }

  get store(): JobStore {
    return this.#options.store;
  }

  async submitUpload(upload: SubmitUpload): Promise<SubmitResult> {
    const { store, config, uploadsDir, maxUploadBytes } = this.#options;
    await mkdir(uploadsDir, { recursive: true });
    const id = randomUUID();
    const uploadPath = join(uploadsDir, `${id}.csv`);
    const partialPath = `${uploadPath}.part`;
    const createdAt = new Date();

    let cleaned: CleanedInput;
    try {
      // Reading must not destroy the stream when the cleaner stops early: the rest of the
      // request body is then drained, so that the client still gets its answer.
      const chunks = Object.assign(upload.stream.iterator({ destroyOnReturn: false }), {
        get truncated() {
          return upload.stream.truncated === true;
        },
      });
      cleaned = await cleanCsv(teeToFile(chunks, partialPath, maxUploadBytes), {
        config,
        defaultYear: upload.year ?? createdAt.getUTCFullYear(),
        keepIssues: this.#options.keepIssues,
      });
    } catch (error) {
      upload.stream.resume();
      await rm(partialPath, { force: true });
      const rejection = toRejection(error);
      if (rejection === null) throw error;
      return { rejection };
    }
    await rename(partialPath, uploadPath);

    await store.createJob({
      id,
      status: "RUNNING",
      stage: "auditing",
      fileName: upload.fileName,
      requestedYear: upload.year,
      createdAt,
      uploadPath,
      totalBytes: cleaned.inputBytes,
    });
    await store.updateProgress(id, {
      stage: "auditing",
      startedAt: createdAt,
      rowsProcessed: cleaned.report.originalRows,
      bytesProcessed: cleaned.inputBytes,
    });

    const finished = this.#track(this.#finish(id, cleaned));
    if (upload.awaitCompletion) await finished;
    const job = await store.getJob(id);
    if (job === null) throw new Error(`job ${id} vanished after it was stored`);
    return { job };
  }

  /**
   * Finds jobs a previous process acknowledged but did not finish and audits them again
   * from their stored uploads, in the background. Returns how many it resumed.
   */
  async resumeInterrupted(): Promise<number> {
    const interrupted = await this.#options.store.jobsWithStatus(["QUEUED", "RUNNING"]);
    for (const job of interrupted) {
      void this.#track(
        this.rerun(job).catch((error: unknown) =>
          this.#options.log?.(`resuming audit job ${job.id} failed`, error),
        ),
      );
    }
    return interrupted.length;
  }

  /** Audits a stored upload again from disk (a job interrupted by a restart). */
  async rerun(job: AuditJobRecord): Promise<void> {
    const { store, config } = this.#options;
    if (job.uploadPath === null) {
      await store.failJob(
        job.id,
        { code: "UPLOAD_MISSING", message: "the stored upload is gone" },
        new Date(),
      );
      return;
    }
    const cleaned = await cleanCsv(
      createReadStream(job.uploadPath, { highWaterMark: 256 * 1024 }),
      {
        config,
        defaultYear: job.requestedYear ?? job.createdAt.getUTCFullYear(),
        keepIssues: this.#options.keepIssues,
      },
    );
    await this.#track(this.#finish(job.id, cleaned));
  }

  async #finish(id: string, cleaned: CleanedInput): Promise<void> {
    const { store, config } = this.#options;
    try {
      const report = auditCleaned(cleaned, config);
      await store.updateProgress(id, { stage: "saving" });
      await store.saveResults(id, report, new Date());
    } catch (error) {
      this.#options.log?.(`audit job ${id} failed`, error);
      await store.failJob(
        id,
        { code: "INTERNAL_ERROR", message: "the audit failed unexpectedly; the error was logged" },
        new Date(),
      );
    }
  }

  /** Deletes a finished job with its results and stored upload. */
  async deleteJob(id: string): Promise<"deleted" | "not-found" | "running"> {
    const job = await this.#options.store.getJob(id);
    if (job === null) return "not-found";
    if (job.status === "QUEUED" || job.status === "RUNNING") return "running";
    await this.#options.store.deleteJob(id);
    if (job.uploadPath !== null) await rm(job.uploadPath, { force: true });
    return "deleted";
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    void work.finally(() => this.#running.delete(work));
    return work;
  }

  /** Waits for every audit in progress (for a graceful shutdown). */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}

function toRejection(error: unknown): UploadRejection | null {
  if (error instanceof CsvFileError)
    return { code: error.code, message: error.message, line: error.line };
  if (error instanceof UploadTooLargeError)
    return { code: "FILE_TOO_LARGE", message: error.message };
  if (error instanceof UploadInterruptedError)
    return { code: "UPLOAD_INTERRUPTED", message: error.message };
  return null;
}
