import type { SectorConfig } from "../config/sectorConfig.ts";
import { type CleaningReport, cleanCsv } from "../ingest/cleanCsv.ts";
import { resultsToSave } from "./resultsToSave.ts";
import type { ResultsToSave } from "./store/jobStore.ts";
import { auditInWorker } from "./worker/workerAuditRun.ts";

export interface AuditRunOptions {
  readonly config: SectorConfig;
  readonly defaultYear: number;
  readonly keepIssues?: number;
  readonly onProgress?: (progress: { rowsProcessed: number; bytesProcessed: number }) => void;
  /** Where a worker may spill cold month pages; none: it keeps them all in memory. */
  readonly spillDir?: string;
}

/** An upload cleaned, whose audit is ready to be stored. */
export interface AuditRun {
  readonly report: CleaningReport;
  readonly inputBytes: number;
  /** The audit, as the store saves it; take it once. */
  results(): ResultsToSave;
  /** Stops whatever is still running (after a failure, or once saved). */
  dispose(): void;
}

/**
 * Cleans and audits an upload on this thread: quickest for small files, where starting a
 * worker would cost more than the whole audit.
 */
export async function auditHere(
  source: AsyncIterable<Uint8Array>,
  options: AuditRunOptions,
): Promise<AuditRun> {
  const cleaned = await cleanCsv(source, options);
  return {
    report: cleaned.report,
    inputBytes: cleaned.inputBytes,
    results: () => resultsToSave(cleaned, options.config),
    dispose: () => undefined,
  };
}

/** Uploads at least this large are audited on a worker thread (see auditUpload). */
export const DEFAULT_WORKER_MIN_BYTES = 1024 * 1024;

/**
 * Cleans and audits an upload, on a worker thread once it proves to be at least
 * `workerMinBytes` long (the first bytes are held until then): parsing and auditing then run
 * on the second core while this thread receives the upload and writes the results.
 * Throws CsvFileError when the file cannot be audited.
 */
export async function auditUpload(
  source: AsyncIterable<Uint8Array>,
  options: AuditRunOptions & { readonly workerMinBytes: number },
): Promise<AuditRun> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  while (headBytes < options.workerMinBytes) {
    const next = await iterator.next();
    if (next.done === true) {
      ended = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.byteLength;
  }
  const rest = resume(head, ended ? null : iterator);
  return ended ? auditHere(rest, options) : auditInWorker(rest, options);
}

/** The chunks already read, then the rest; stopping early stops the source too. */
async function* resume(
  head: readonly Uint8Array[],
  iterator: AsyncIterator<Uint8Array> | null,
): AsyncGenerator<Uint8Array> {
  try {
    yield* head;
    if (iterator === null) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await iterator?.return?.();
  }
}
