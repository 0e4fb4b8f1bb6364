import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { SectorConfig } from "../config/sectorConfig.ts";
import { CsvFileError } from "../ingest/fileError.ts";
import { HeaderProbe } from "../ingest/headerProbe.ts";
import { type AuditRun, auditUpload, DEFAULT_WORKER_MIN_BYTES } from "./auditRun.ts";
import type { JobEvents } from "./jobEvents.ts";
import type { AuditJobRecord, JobStage, JobStatus } from "./jobTypes.ts";
import { makeProgress, ProgressThrottle, progressOf } from "./progress.ts";
import { AuditSlots } from "./slots.ts";
import type { JobStore } from "./store/jobStore.ts";
import { teeToFile, UploadInterruptedError, UploadTooLargeError } from "./uploadTee.ts";

export interface JobServiceOptions {
  readonly store: JobStore;
  readonly config: SectorConfig;
  readonly events: JobEvents;
  readonly uploadsDir: string;
  /** Where a job's rendered files are cached; removed with the job. */
  readonly outputsDir: string;
  readonly maxUploadBytes: number;
  /** Audits that may run at once; the rest wait, in order, as QUEUED. */
  readonly maxConcurrentAudits: number;
  /** Issues stored per job; all are counted. */
  readonly keepIssues?: number;
  /** Uploads at least this large are parsed and audited on a worker thread. */
  readonly workerMinBytes?: number;
  readonly log?: { info(message: string): void; error(message: string, error?: unknown): void };
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
const READ_CHUNK_BYTES = 256 * 1024;
/** Progress is written to the database at most this often (events go out every 250 ms). */
const PROGRESS_WRITE_MS = 1000;

/** Job ids are UUIDs; anything else never reaches a path or a query. */
export function isJobId(id: string): boolean {
  return JOB_ID.test(id);
}

interface Upload {
  readonly id: string;
  readonly uploadPath: string;
  readonly partialPath: string;
  readonly createdAt: Date;
  readonly submit: SubmitUpload;
  readonly chunks: AsyncIterable<Uint8Array> & { readonly truncated: boolean };
}

/**
 * Runs audit jobs, at most `maxConcurrentAudits` at once. When a slot is free an upload is
 * cleaned while it streams in and is copied to disk; otherwise it is only stored (its header
 * checked) and waits its turn as QUEUED. Either way the job row is committed only once the
 * copy is durable — that is the acknowledgement — and a job interrupted by a crash is audited
 * again from its stored upload at the next start.
 */
export class JobService {
  readonly #options: JobServiceOptions;
  readonly #slots: AuditSlots;
  readonly #queue: string[] = [];
  readonly #running = new Set<Promise<unknown>>();
  readonly #waiters = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  readonly #removalListeners: ((jobId: string) => void)[] = [];
  readonly #workerMinBytes: number;
  #stopping = false;

  constructor(options: JobServiceOptions) {
    this.#options = options;
    this.#workerMinBytes = options.workerMinBytes ?? DEFAULT_WORKER_MIN_BYTES;
    this.#slots = new AuditSlots(options.maxConcurrentAudits);
  }

  get store(): JobStore {
    return this.#options.store;
  }

  get events(): JobEvents {
    return this.#options.events;
  }

  async submitUpload(submit: SubmitUpload): Promise<SubmitResult> {
    await mkdir(this.#options.uploadsDir, { recursive: true });
    const id = randomUUID();
    const uploadPath = join(this.#options.uploadsDir, `${id}.csv`);
    // Reading must not destroy the stream when the cleaner stops early: the rest of the
    // request body is then drained, so that the client still gets its answer.
    const chunks = Object.assign(submit.stream.iterator({ destroyOnReturn: false }), {
      get truncated() {
        return submit.stream.truncated === true;
      },
    });
    const upload: Upload = {
      id,
      uploadPath,
      partialPath: `${uploadPath}.part`,
      createdAt: new Date(),
      submit,
      chunks,
    };
    if (this.#queue.length === 0 && !this.#stopping && this.#slots.tryAcquire()) {
      return this.#receiveAndAudit(upload);
    }
    return this.#receiveAndQueue(upload);
  }

  /** A free slot: clean while receiving, then audit and save, holding the slot throughout. */
  async #receiveAndAudit(upload: Upload): Promise<SubmitResult> {
    const { store, config, maxUploadBytes } = this.#options;
    let cleaned: AuditRun;
    try {
      cleaned = await auditUpload(teeToFile(upload.chunks, upload.partialPath, maxUploadBytes), {
        config,
        defaultYear: upload.submit.year ?? upload.createdAt.getUTCFullYear(),
        keepIssues: this.#options.keepIssues,
        workerMinBytes: this.#workerMinBytes,
        spillDir: this.#options.uploadsDir,
      });
    } catch (error) {
      this.#releaseSlot();
      return this.#reject(upload, error);
    }
    try {
      await this.#storeUpload(upload);
      await store.createJob({
        id: upload.id,
        status: "RUNNING",
        stage: "auditing",
        fileName: upload.submit.fileName,
        requestedYear: upload.submit.year,
        createdAt: upload.createdAt,
        startedAt: upload.createdAt,
        uploadPath: upload.uploadPath,
        totalBytes: cleaned.inputBytes,
        rowsProcessed: cleaned.report.originalRows,
        bytesProcessed: cleaned.inputBytes,
      });
    } catch (error) {
      cleaned.dispose();
      this.#releaseSlot();
      throw error;
    }
    this.#publish(
      upload.id,
      "RUNNING",
      "auditing",
      cleaned.report.originalRows,
      cleaned.inputBytes,
      cleaned.inputBytes,
    );
    const finished = this.#track(
      this.#finish(upload.id, cleaned).finally(() => this.#releaseSlot()),
    );
    if (upload.submit.awaitCompletion) await finished;
    return this.#answer(upload.id);
  }

  /** No free slot: store the upload (checking its header), then wait in the queue. */
  async #receiveAndQueue(upload: Upload): Promise<SubmitResult> {
    const probe = new HeaderProbe();
    let bytes = 0;
    try {
      for await (const chunk of teeToFile(
        upload.chunks,
        upload.partialPath,
        this.#options.maxUploadBytes,
      )) {
        bytes += chunk.byteLength;
        const problem = probe.feed(chunk);
        if (problem !== null) throw problem;
      }
      const problem = probe.finish(bytes);
      if (problem !== null) throw problem;
    } catch (error) {
      return this.#reject(upload, error);
    }
    await this.#storeUpload(upload);
    await this.#options.store.createJob({
      id: upload.id,
      status: "QUEUED",
      stage: "waiting",
      fileName: upload.submit.fileName,
      requestedYear: upload.submit.year,
      createdAt: upload.createdAt,
      startedAt: null,
      uploadPath: upload.uploadPath,
      totalBytes: bytes,
      rowsProcessed: 0,
      bytesProcessed: 0,
    });
    this.#publish(upload.id, "QUEUED", "waiting", 0, 0, bytes);
    const acknowledged = await this.#answer(upload.id);
    // While shutting down nothing more starts: the job is acknowledged, QUEUED, and runs at
    // the next start, so there is nothing to wait for.
    const finished =
      upload.submit.awaitCompletion && !this.#stopping ? this.#waitFor(upload.id) : null;
    this.#queue.push(upload.id);
    this.#pump();
    if (finished === null) return acknowledged;
    await finished;
    return this.#answer(upload.id);
  }

  /** Gives the flushed copy its final name, durably: the directory entry is flushed too. */
  async #storeUpload(upload: Upload): Promise<void> {
    await rename(upload.partialPath, upload.uploadPath);
    const directory = await open(this.#options.uploadsDir, "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }

  async #reject(upload: Upload, error: unknown): Promise<SubmitResult> {
    upload.submit.stream.resume();
    await rm(upload.partialPath, { force: true });
    const rejection = toRejection(error);
    if (rejection === null) throw error;
    return { rejection };
  }

  async #answer(id: string): Promise<SubmitResult> {
    const job = await this.#options.store.getJob(id);
    if (job === null) throw new Error(`job ${id} vanished after it was stored`);
    return { job };
  }

  /** Starts queued jobs, oldest first, while slots are free. */
  #pump(): void {
    while (!this.#stopping && this.#queue.length > 0 && this.#slots.tryAcquire()) {
      const id = this.#queue.shift() as string;
      void this.#track(
        this.#runStored(id)
          .catch((error: unknown) => this.#options.log?.error(`audit job ${id} failed`, error))
          .finally(() => this.#releaseSlot()),
      );
    }
  }

  #releaseSlot(): void {
    this.#slots.release();
    this.#pump();
  }

  /** Cleans and audits a stored upload: a queued job, or one a restart interrupted. */
  async #runStored(id: string): Promise<void> {
    const { store, config } = this.#options;
    const job = await store.getJob(id);
    if (job === null) return this.#settle(id); // deleted while it waited
    const startedAt = new Date();
    const totalBytes = job.totalBytes;
    await store.updateProgress(id, {
      status: "RUNNING",
      stage: "cleaning",
      startedAt,
      rowsProcessed: 0,
      bytesProcessed: 0,
    });
    const report = this.#progressReporter(id, totalBytes);
    report("cleaning", 0, 0);
    let cleaned: AuditRun;
    try {
      if (job.uploadPath === null)
        throw new CsvFileError("EMPTY_FILE", "the stored upload is missing");
      cleaned = await auditUpload(
        createReadStream(job.uploadPath, { highWaterMark: READ_CHUNK_BYTES }),
        {
          config,
          defaultYear: job.requestedYear ?? job.createdAt.getUTCFullYear(),
          keepIssues: this.#options.keepIssues,
          workerMinBytes: this.#workerMinBytes,
          spillDir: this.#options.uploadsDir,
          onProgress: (p) => report("cleaning", p.rowsProcessed, p.bytesProcessed),
        },
      );
    } catch (error) {
      const known = error instanceof CsvFileError;
      if (!known) this.#options.log?.error(`audit job ${id} could not read its upload`, error);
      await this.#fail(
        id,
        known ? error.code : "INTERNAL_ERROR",
        known ? error.message : "the stored upload could not be read",
      );
      return;
    }
    report("auditing", cleaned.report.originalRows, cleaned.inputBytes);
    await this.#finish(id, cleaned);
  }

  /** Audits cleaned input and stores the results; always ends the job, one way or the other. */
  async #finish(id: string, cleaned: AuditRun): Promise<void> {
    const { store } = this.#options;
    try {
      // Factory-years are audited and written a batch at a time, none held longer than that.
      const rows = cleaned.report.originalRows;
      await store.saveResults(id, cleaned.results(), new Date(), () =>
        this.#publish(id, "RUNNING", "saving", rows, cleaned.inputBytes, cleaned.inputBytes),
      );
      await this.#publishStored(id);
      this.#settle(id);
    } catch (error) {
      this.#options.log?.error(`audit job ${id} failed`, error);
      await this.#fail(id, "INTERNAL_ERROR", "the audit failed unexpectedly; the error was logged");
    } finally {
      cleaned.dispose();
    }
  }

  async #fail(id: string, code: string, message: string): Promise<void> {
    await this.#options.store.failJob(id, { code, message }, new Date());
    await this.#publishStored(id);
    this.#settle(id);
  }

  /**
   * Progress of a running job: events at most every 250 ms and at each stage change, and
   * the database row at most every second and at each stage change.
   */
  #progressReporter(
    id: string,
    totalBytes: number | null,
  ): (stage: JobStage, rows: number, bytes: number) => void {
    const throttle = new ProgressThrottle((progress) => this.#options.events.publish(progress));
    let lastStage: JobStage | null = null;
    let lastWrite = 0;
    return (stage, rows, bytes) => {
      throttle.update(makeProgress(id, "RUNNING", stage, rows, bytes, totalBytes));
      const now = Date.now();
      if (stage !== lastStage || now - lastWrite >= PROGRESS_WRITE_MS) {
        lastStage = stage;
        lastWrite = now;
        this.#options.store
          .updateProgress(id, { stage, rowsProcessed: rows, bytesProcessed: bytes })
          .catch((error: unknown) =>
            this.#options.log?.error(`progress of job ${id} not saved`, error),
          );
      }
    };
  }

  #publish(
    id: string,
    status: JobStatus,
    stage: JobStage,
    rows: number,
    bytes: number,
    totalBytes: number | null,
  ): void {
    this.#options.events.publish(makeProgress(id, status, stage, rows, bytes, totalBytes));
  }

  async #publishStored(id: string): Promise<void> {
    const job = await this.#options.store.getJob(id);
    if (job !== null) this.#options.events.publish(progressOf(job));
  }

  #waitFor(id: string): Promise<void> {
    let resolve = (): void => undefined;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    this.#waiters.set(id, { promise, resolve });
    return promise;
  }

  #settle(id: string): void {
    this.#waiters.get(id)?.resolve();
    this.#waiters.delete(id);
  }

  /**
   * At start: forgets partial uploads no job acknowledged, and queues every job a previous
   * process acknowledged but did not finish, oldest first. Returns how many it queued.
   */
  async resumeInterrupted(): Promise<number> {
    await this.#removeUnacknowledgedUploads();
    const interrupted = await this.#options.store.jobsWithStatus(["QUEUED", "RUNNING"]);
    for (const job of interrupted) {
      await this.#options.store.updateProgress(job.id, {
        status: "QUEUED",
        stage: "waiting",
        rowsProcessed: 0,
        bytesProcessed: 0,
      });
      this.#queue.push(job.id);
    }
    this.#pump();
    return interrupted.length;
  }

  async #removeUnacknowledgedUploads(): Promise<void> {
    let files: string[];
    try {
      files = await readdir(this.#options.uploadsDir);
    } catch {
      return;
    }
    for (const file of files) {
      const id = file.replace(/\.csv(\.part)?$/, "");
      const partial = file.endsWith(".part");
      if (partial || !isJobId(id) || (await this.#options.store.getJob(id)) === null) {
        await rm(join(this.#options.uploadsDir, file), { force: true });
        this.#options.log?.info(`removed ${file}: an upload no job acknowledged`);
      }
    }
  }

  /** Deletes a job that is not running, with its results and stored upload. */
  async deleteJob(id: string): Promise<"deleted" | "not-found" | "running"> {
    const job = await this.#options.store.getJob(id);
    if (job === null) return "not-found";
    if (job.status === "RUNNING") return "running";
    const queued = this.#queue.indexOf(id);
    if (queued !== -1) this.#queue.splice(queued, 1);
    await this.#remove(job);
    this.#settle(id);
    return "deleted";
  }

  /** Removes finished jobs older than `retentionDays`; returns how many. */
  async sweepExpired(retentionDays: number, now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
    const expired = await this.#options.store.finishedBefore(before);
    for (const job of expired) await this.#remove(job);
    return expired.length;
  }

  /** Called with the id of every job removed (deleted, or expired by retention). */
  onJobRemoved(listener: (jobId: string) => void): void {
    this.#removalListeners.push(listener);
  }

  async #remove(job: AuditJobRecord): Promise<void> {
    await this.#options.store.deleteJob(job.id);
    for (const listener of this.#removalListeners) listener(job.id);
    if (job.uploadPath !== null) await rm(job.uploadPath, { force: true });
    await rm(join(this.#options.outputsDir, job.id), { recursive: true, force: true });
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    void work.finally(() => this.#running.delete(work)).catch(() => undefined);
    return work;
  }

  /** Starts nothing more and waits for the audits in progress; queued jobs stay queued. */
  async drain(): Promise<void> {
    this.#stopping = true;
    // Callers waiting on a queued job get it as it is (QUEUED): it will run at the next start.
    for (const id of [...this.#waiters.keys()]) if (this.#queue.includes(id)) this.#settle(id);
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
