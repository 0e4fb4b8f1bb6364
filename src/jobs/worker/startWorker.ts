import { Worker, type WorkerOptions } from "node:worker_threads";

const FROM_SOURCE = import.meta.url.endsWith(".ts");

/**
 * Starts one of this folder's worker entries: the compiled one in dist/, or from source (tsx,
 * vitest) through fromSource.mjs, since worker threads do not inherit the parent's loader.
 * Workers get none of the server's node flags: --enable-source-maps would have each load and
 * keep the source maps of every module it imports; their errors come back as messages.
 */
export function startWorker(
  entry: "auditWorker" | "renderWorker",
  workerData: object,
  options: Pick<WorkerOptions, "resourceLimits"> = {},
): Worker {
  const common = { ...options, execArgv: [] };
  if (!FROM_SOURCE) {
    return new Worker(new URL(`./${entry}.js`, import.meta.url), { ...common, workerData });
  }
  const source = new URL(`./${entry}.ts`, import.meta.url).href;
  return new Worker(new URL("./fromSource.mjs", import.meta.url), {
    ...common,
    workerData: { ...workerData, entry: source },
  });
}
