import type { AuditTotals } from "../../audit/summary.ts";
import type { SectorConfig } from "../../config/sectorConfig.ts";
import type { CleaningReport } from "../../ingest/cleanCsv.ts";
import type { SpillOptions } from "../../ingest/monthPages.ts";
import type { BatchBuffers, FactoryYearBatch } from "../../pipeline/factoryYearBatch.ts";

/** What the audit worker is started with. */
export interface AuditWorkerData {
  readonly config: SectorConfig;
  readonly defaultYear: number;
  readonly keepIssues: number | undefined;
  /** Where cold month pages go (see MonthPages); none: all in memory. */
  readonly spill: SpillOptions | undefined;
}

/** Main thread → worker. */
export type ToWorker =
  | { readonly type: "chunk"; readonly bytes: Uint8Array }
  | { readonly type: "end" }
  /** The store has written a batch: the worker may send one more, in these buffers. */
  | { readonly type: "batchWritten"; readonly buffers: BatchBuffers };

/** Worker → main thread, in this order: progress…, cleaned, batch…, totals; or failed. */
export type FromWorker =
  /** Sent after each chunk is cleaned: also the acknowledgement of that chunk. */
  | { readonly type: "progress"; readonly rowsProcessed: number; readonly bytesProcessed: number }
  | {
      readonly type: "cleaned";
      readonly report: CleaningReport;
      readonly inputSha256: string;
      readonly inputBytes: number;
    }
  | { readonly type: "batch"; readonly batch: FactoryYearBatch }
  | { readonly type: "totals"; readonly totals: AuditTotals }
  | {
      readonly type: "failed";
      /** Set when the file cannot be audited (CsvFileError); otherwise an unexpected error. */
      readonly fileError: { code: string; message: string; line: number | null } | null;
      readonly message: string;
    };

/** Factory-years per batch, and batches on their way to the store at once. */
export const BATCH_SIZE = 2000;
export const BATCHES_IN_FLIGHT = 4;
