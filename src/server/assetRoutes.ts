import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import {
  AssetOptionsError,
  type ChartOptions,
  isAssetName,
  type JobAssets,
} from "../jobs/assets.ts";
import type { JobStore } from "../jobs/store/jobStore.ts";

export const ASSETS_PREFIX = "/assets/";

/**
 * `/assets/<job id>/<file>`: matched on the raw path, never decoded or joined into a file
 * path, so `..`, encoded slashes and absolute paths simply do not match.
 */
const ASSET_PATH =
  /^\/assets\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/([a-z_]{1,40}\.(?:csv|svg|png))$/;

export function isAssetRequest(req: IncomingMessage): boolean {
  return req.url?.startsWith(ASSETS_PREFIX) === true;
}

/** Where a job's file is served, with chart options in the query string. */
export function assetUrl(
  baseUrl: string,
  jobId: string,
  name: string,
  options: ChartOptions = {},
): string {
  const query = new URLSearchParams();
  if (options.year != null) query.set("year", String(options.year));
  if (options.perSector != null) query.set("perSector", String(options.perSector));
  if (options.sectors != null) query.set("sectors", options.sectors.join(","));
  if (options.factoryIds != null) query.set("factories", options.factoryIds.join(","));
  const search = query.toString();
  return `${baseUrl}${ASSETS_PREFIX}${jobId}/${name}${search === "" ? "" : `?${search}`}`;
}

export async function serveAsset(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { store: JobStore; assets: JobAssets },
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return plain(res, 405, "only GET and HEAD are allowed here", { allow: "GET, HEAD" });
  }
  const [rawPath = "", rawQuery = ""] = (req.url ?? "").split("?", 2);
  const match = ASSET_PATH.exec(rawPath);
  const jobId = match?.[1];
  const name = match?.[2];
  if (jobId === undefined || name === undefined || !isAssetName(name))
    return plain(res, 404, "no such file");
  const job = await deps.store.getJob(jobId);
  if (job === null) return plain(res, 404, "no such audit job");
  if (job.status !== "SUCCEEDED")
    return plain(res, 404, `audit job ${jobId} has not succeeded (it is ${job.status})`);

  let asset: Awaited<ReturnType<JobAssets["file"]>>;
  try {
    asset = await deps.assets.file(job, name, chartOptions(new URLSearchParams(rawQuery)));
  } catch (error) {
    if (error instanceof AssetOptionsError) return plain(res, 400, error.message);
    throw error;
  }
  const headers = {
    "content-type": asset.contentType,
    "content-disposition": `${asset.inline ? "inline" : "attachment"}; filename="${asset.downloadName}"`,
    etag: asset.etag,
    // A finished job's files never change; they go away only with the job.
    "cache-control": "private, max-age=31536000, immutable",
    "x-content-type-options": "nosniff",
    ...(asset.contentType.startsWith("image/svg") && {
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    }),
  };
  if (req.headers["if-none-match"] === asset.etag) {
    res.writeHead(304, headers);
    return void res.end();
  }
  res.writeHead(200, { ...headers, "content-length": asset.size });
  if (req.method === "HEAD") return void res.end();
  await pipeline(createReadStream(asset.path), res);
}

class BadQuery extends AssetOptionsError {}

function chartOptions(query: URLSearchParams): ChartOptions {
  const integer = (key: string): number | null => {
    const raw = query.get(key);
    if (raw === null) return null;
    if (!/^\d{1,6}$/.test(raw))
      throw new BadQuery(`${key} must be a whole number, got "${raw.slice(0, 20)}"`);
    return Number(raw);
  };
  const list = (key: string): string[] | null => {
    const raw = query.get(key);
    return raw === null
      ? null
      : raw
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s.length > 0);
  };
  return {
    year: integer("year"),
    perSector: integer("perSector"),
    sectors: list("sectors"),
    factoryIds: list("factories"),
  };
}

function plain(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    ...extra,
  });
  res.end(`${message}\n`);
}
