import type { Worker } from "node:worker_threads";
import type { AuditTotals } from "../../audit/summary.ts";
import { CsvFileError, type CsvFileErrorCode } from "../../ingest/fileError.ts";
import { provenanceOf } from "../../pipeline/auditCsv.ts";
import { buffersOf, type FactoryYearBatch, transferList } from "../../pipeline/factoryYearBatch.ts";
import type { AuditRun, AuditRunOptions } from "../auditRun.ts";
import { AsyncQueue } from "./asyncQueue.ts";
import type { AuditWorkerData, FromWorker, ToWorker } from "./protocol.ts";
import { startWorker } from "./startWorker.ts";

/**
 * Month pages (4,096 factory-years, 1.4 MB each) the worker keeps in memory; the rest wait on
 * disk (src/ingest/monthPages.ts). Rows of a factory-year usually come together, so the pages
 * being filled are few whatever the size of the file; input in no useful order turns the
 * spilling off.
 */
const RESIDENT_MONTH_PAGES = 8;

/** Chunks posted to the worker and not yet cleaned; past this the upload waits. */
const CHUNKS_IN_FLIGHT = 16;

/**
 * The worker's young generation: V8's default grows to ~34 MB, which the worker would hold
 * beside the main thread's; parsing keeps little alive, so small and frequent scavenges cost
 * nothing measurable and keep the server's peak memory down.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 12 };

/**
 * Feeds an upload to a new audit worker (src/jobs/worker/auditWorker.ts) and answers once it
 * is cleaned; the audited factory-years then arrive in batches as the store asks for them.
 */
export async function auditInWorker(
  source: AsyncIterable<Uint8Array>,
  options: AuditRunOptions,
): Promise<AuditRun> {
  const data: AuditWorkerData = {
    config: options.config,
    defaultYear: options.defaultYear,
    keepIssues: options.keepIssues,
    spill:
      options.spillDir === undefined
        ? undefined
        : { dir: options.spillDir, residentPages: RESIDENT_MONTH_PAGES },
  };
  const worker = startWorker("auditWorker", data, { resourceLimits: WORKER_LIMITS });
  const post = (message: ToWorker, transfer: ArrayBuffer[] = []) =>
    worker.postMessage(message, transfer);
  const inbox = new WorkerInbox(worker, options.onProgress);
  try {
    for await (const chunk of source) {
      // A copy of its own to hand over: the caller is still writing this chunk to disk.
      const bytes = new Uint8Array(chunk);
      post({ type: "chunk", bytes }, [bytes.buffer]);
      await inbox.chunkSent(CHUNKS_IN_FLIGHT);
    }
    post({ type: "end" });
    const cleaned = await inbox.cleaned;
    return {
      report: cleaned.report,
      inputBytes: cleaned.inputBytes,
      results: () => {
        const { issues, ...cleaning } = cleaned.report;
        return {
          factories: inbox.batches((batch) => {
            const buffers = buffersOf(batch);
            post({ type: "batchWritten", buffers }, transferList(buffers));
          }),
          issues,
          cleaning,
          provenance: provenanceOf(cleaned, options.config),
          rowsProcessed: cleaning.originalRows,
          totals: () => inbox.totals(),
        };
      },
      dispose: () => void worker.terminate(),
    };
  } catch (error) {
    void worker.terminate();
    throw error;
  }
}

type Cleaned = Extract<FromWorker, { type: "cleaned" }>;

/** Everything the worker says, turned into promises and a stream of batches. */
class WorkerInbox {
  readonly cleaned: Promise<Cleaned>;
  readonly #batchQueue = new AsyncQueue<FactoryYearBatch>();
  #failure: Error | null = null;
  #totals: AuditTotals | null = null;
  #sent = 0;
  #acknowledged = 0;
  #wake: (() => void) | null = null;

  constructor(worker: Worker, onProgress: AuditRunOptions["onProgress"]) {
    let resolveCleaned: (cleaned: Cleaned) => void = () => undefined;
    let rejectCleaned: (error: Error) => void = () => undefined;
    this.cleaned = new Promise((resolve, reject) => {
      resolveCleaned = resolve;
      rejectCleaned = reject;
    });
    this.cleaned.catch(() => undefined);
    const fail = (error: Error) => {
      this.#failure ??= error;
      rejectCleaned(error);
      this.#batchQueue.fail(error);
      this.#notify();
    };
    worker.on("message", (message: FromWorker) => {
      switch (message.type) {
        case "progress":
          this.#acknowledged += 1;
          onProgress?.(message);
          this.#notify();
          return;
        case "cleaned":
          resolveCleaned(message);
          return;
        case "batch":
          this.#batchQueue.push(message.batch);
          return;
        case "totals":
          this.#totals = message.totals;
          this.#batchQueue.end();
          return;
        case "failed":
          fail(
            message.fileError === null
              ? new Error(`the audit worker failed: ${message.message}`)
              : new CsvFileError(
                  message.fileError.code as CsvFileErrorCode,
                  message.fileError.message,
                  message.fileError.line,
                ),
          );
      }
    });
    worker.on("error", (error) => fail(error));
    worker.on("exit", (code) => {
      if (this.#totals === null) fail(new Error(`the audit worker stopped (exit code ${code})`));
    });
  }

  #notify(): void {
    this.#wake?.();
    this.#wake = null;
  }

  /** Counts a chunk sent; waits while too many are still being cleaned. */
  async chunkSent(limit: number): Promise<void> {
    this.#sent += 1;
    while (this.#failure === null && this.#sent - this.#acknowledged >= limit) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    if (this.#failure !== null) throw this.#failure;
  }

  /** The batches as they come; `written` gets each back once the store is done with it. */
  async *batches(written: (batch: FactoryYearBatch) => void): AsyncGenerator<FactoryYearBatch> {
    for await (const batch of this.#batchQueue) {
      yield batch;
      written(batch);
    }
  }

  totals(): AuditTotals {
    if (this.#totals === null) throw new Error("the audit's totals are read before its end");
    return this.#totals;
  }
}
