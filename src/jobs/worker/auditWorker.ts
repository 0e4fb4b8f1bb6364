/**
 * The audit worker: cleans an upload whose chunks the main thread posts to it, audits it and
 * sends the audited factory-years back in batches, so that parsing and auditing run on the
 * second core while the main thread receives the upload and writes results to the database.
 */
import { parentPort, workerData } from "node:worker_threads";
import { cleanCsv } from "../../ingest/cleanCsv.ts";
import { CsvFileError } from "../../ingest/fileError.ts";
import { streamAudit } from "../../pipeline/auditCsv.ts";
import { type BatchBuffers, inBatches, transferList } from "../../pipeline/factoryYearBatch.ts";
import { AsyncQueue } from "./asyncQueue.ts";
import {
  type AuditWorkerData,
  BATCH_SIZE,
  BATCHES_IN_FLIGHT,
  type FromWorker,
  type ToWorker,
} from "./protocol.ts";

const port = parentPort;
if (port === null) throw new Error("auditWorker.ts runs as a worker thread");
const { config, defaultYear, keepIssues, spill } = workerData as AuditWorkerData;
// Posting a configuration copies it unfrozen; frozen again, its factors are shared by every
// auditor instead of copied into each (see createEmissionAuditor).
for (const factors of config.factorSet.sectors.values()) Object.freeze(factors);
Object.freeze(config.factorSet.energyMultipliers);
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

const chunks = new AsyncQueue<Uint8Array>();
let credits = BATCHES_IN_FLIGHT;
/** Buffers of batches the store has written, to fill again. */
const freeBuffers: BatchBuffers[] = [];
let creditWaiter: (() => void) | null = null;
port.on("message", (message: ToWorker) => {
  if (message.type === "chunk") chunks.push(message.bytes);
  else if (message.type === "end") chunks.end();
  else {
    freeBuffers.push(message.buffers);
    credits += 1;
    creditWaiter?.();
    creditWaiter = null;
  }
});

async function run(): Promise<void> {
  const cleaned = await cleanCsv(chunks, {
    config,
    defaultYear,
    keepIssues,
    spill,
    onProgress: (p) => send({ type: "progress", ...p }),
  });
  try {
    send({
      type: "cleaned",
      report: cleaned.report,
      inputSha256: cleaned.inputSha256,
      inputBytes: cleaned.inputBytes,
    });
    const audit = streamAudit(cleaned, config);
    for (const batch of inBatches(audit.factories, BATCH_SIZE, () => freeBuffers.pop())) {
      if (credits === 0) await new Promise<void>((resolve) => (creditWaiter = resolve));
      credits -= 1;
      send({ type: "batch", batch }, transferList(batch));
    }
    send({ type: "totals", totals: audit.totals() });
  } finally {
    // Threads share the process's files: a spill file must be closed here, not by exiting.
    cleaned.collector.dispose();
  }
}

run().catch((error: unknown) => {
  const fileError =
    error instanceof CsvFileError
      ? { code: error.code, message: error.message, line: error.line }
      : null;
  send({ type: "failed", fileError, message: (error as Error).message ?? String(error) });
});
