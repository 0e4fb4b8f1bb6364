import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const byteCount = z.coerce.number().int().positive();

export const envSchema = z.object({
  PORT: port.default(4000),
  HOST: z.string().min(1).default("0.0.0.0"),
  CARBON_TRACE_DATA_DIR: z.string().min(1).default("./data"),
  /** Largest accepted upload; default 1 GiB. */
  MAX_UPLOAD_BYTES: byteCount.default(1024 ** 3),
  /** Path of the emission factor file; default config/sectors.json. */
  SECTOR_CONFIG: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Audits that run at once; default: the number of CPUs. */
  MAX_CONCURRENT_AUDITS: z.coerce.number().int().min(1).max(256).default(availableParallelism()),
  /** Origin for absolute asset URLs (behind a proxy); default: each request's own. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  /** Finished jobs older than this are removed by the periodic sweep. */
  JOB_RETENTION_DAYS: z.coerce.number().positive().default(30),
  /** Uploads at least this large are parsed and audited on a worker thread; default 1 MiB. */
  AUDIT_WORKER_MIN_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(1024 * 1024),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly maxUploadBytes: number;
  readonly sectorConfigPath: string | undefined;
  readonly logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  readonly maxConcurrentAudits: number;
  readonly jobRetentionDays: number;
  readonly publicUrl: string | null;
  readonly auditWorkerMinBytes: number;
}

export class EnvError extends Error {
  override readonly name = "EnvError";
}

/** Reads the environment; a bad value stops the server with a message naming it. */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issue.path.join(".")}=${JSON.stringify(env[String(issue.path[0])] ?? "")}: ${issue.message}`,
    );
    throw new EnvError(`invalid environment: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.CARBON_TRACE_DATA_DIR),
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    sectorConfigPath: e.SECTOR_CONFIG,
    logLevel: e.LOG_LEVEL,
    maxConcurrentAudits: e.MAX_CONCURRENT_AUDITS,
    jobRetentionDays: e.JOB_RETENTION_DAYS,
    publicUrl: e.PUBLIC_URL ?? null,
    auditWorkerMinBytes: e.AUDIT_WORKER_MIN_BYTES,
  };
}
