import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { loadSectorConfig } from "../config/loadSectorConfig.ts";
import { JobAssets } from "../jobs/assets.ts";
import { JobEvents } from "../jobs/jobEvents.ts";
import { JobService } from "../jobs/jobService.ts";
import { openSqliteDatabase } from "../jobs/store/database.ts";
import { JobStore } from "../jobs/store/jobStore.ts";
import { isAssetRequest, serveAsset } from "./assetRoutes.ts";
import type { ServerConfig } from "./env.ts";
import { createLogger, type Logger } from "./logger.ts";
import { attachWebSocket } from "./websocket.ts";
import { type CarbonTraceYoga, createCarbonTraceYoga } from "./yoga.ts";

export interface App {
  readonly server: Server;
  readonly yoga: CarbonTraceYoga;
  readonly jobs: JobService;
  readonly logger: Logger;
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(): Promise<AddressInfo>;
  /** Stops taking requests, lets running audits finish, closes the database. */
  close(): Promise<void>;
}

export const DATABASE_FILE = "carbon-trace.db";
const RETENTION_SWEEP_MS = 60 * 60 * 1000;

/** Everything the server needs, wired; nothing listens until `listen()`. */
export async function createApp(config: ServerConfig): Promise<App> {
  const logger = createLogger(config.logLevel);
  const sectorConfig = loadSectorConfig(config.sectorConfigPath);
  const { db, sqlite, reader } = await openSqliteDatabase(join(config.dataDir, DATABASE_FILE));
  const store = new JobStore(db, { sqlite, reader });
  const outputsDir = join(config.dataDir, "outputs");
  const assets = new JobAssets(store, outputsDir);
  const jobs = new JobService({
    store,
    config: sectorConfig,
    events: new JobEvents(),
    uploadsDir: join(config.dataDir, "uploads"),
    outputsDir,
    maxUploadBytes: config.maxUploadBytes,
    maxConcurrentAudits: config.maxConcurrentAudits,
    workerMinBytes: config.auditWorkerMinBytes,
    log: logger,
  });
  const yoga = createCarbonTraceYoga({
    jobs,
    assets,
    maxUploadBytes: config.maxUploadBytes,
    publicUrl: config.publicUrl,
    logger,
  });

  const server = createServer((req, res) => {
    if (isHealthCheck(req)) return void sendHealth(res, store);
    if (isAssetRequest(req)) {
      return void serveAsset(req, res, { store, assets }).catch((error: unknown) => {
        logger.error(`serving ${req.url} failed`, error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("the file could not be produced; the error was logged\n");
      });
    }
    return yoga(req, res);
  });
  const closeWebSocket = attachWebSocket(server, yoga);

  const sweep = async () => {
    try {
      const removed = await jobs.sweepExpired(config.jobRetentionDays);
      if (removed > 0)
        logger.info(
          `retention: removed ${removed} job(s) finished over ${config.jobRetentionDays} days ago`,
        );
    } catch (error) {
      logger.error("retention sweep failed", error);
    }
  };
  let sweepTimer: NodeJS.Timeout | undefined;

  return {
    server,
    yoga,
    jobs,
    logger,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      const resumed = await jobs.resumeInterrupted();
      if (resumed > 0) logger.info(`resuming ${resumed} audit job(s) interrupted by a restart`);
      await sweep();
      sweepTimer = setInterval(() => void sweep(), RETENTION_SWEEP_MS);
      sweepTimer.unref();
      return server.address() as AddressInfo;
    },
    async close() {
      clearInterval(sweepTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await closeWebSocket();
      server.closeIdleConnections();
      await closed;
      await jobs.drain();
      await store.close();
    },
  };
}

function isHealthCheck(req: IncomingMessage): boolean {
  return (
    (req.method === "GET" || req.method === "HEAD") &&
    (req.url === "/health" || req.url?.startsWith("/health?") === true)
  );
}

async function sendHealth(res: ServerResponse, store: JobStore): Promise<void> {
  let database = "ok";
  try {
    await store.ping();
  } catch {
    database = "unavailable";
  }
  const healthy = database === "ok";
  res.writeHead(healthy ? 200 : 503, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(
    JSON.stringify({
      status: healthy ? "ok" : "degraded",
      database,
      uptimeSeconds: Math.round(process.uptime()),
    }),
  );
}
