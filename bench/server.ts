import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, openAsBlob, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { ROOT } from "./files.ts";

export interface BenchServer {
  readonly url: string;
  readonly pid: number;
  /** Peak resident memory of the server process so far, in MB (VmHWM). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** The node flags `npm start` gives the server (package.json's start script). */
function startFlags(): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const command = /\bnode (.*?)dist\/server\/main\.js/.exec(manifest.scripts.start)?.[1] ?? "";
  return command.split(" ").filter((flag) => flag.startsWith("--"));
}

/**
 * The real server as `npm start` runs it (built JS, same node flags), in its own process, on
 * a fresh data directory. BENCH_SERVER_NODE_ARGS adds flags, e.g. "--cpu-prof".
 */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "ct-bench-"));
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const nodeArgs = [...startFlags(), ...extra];
  const server = join(ROOT, "dist/server/main.js");
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, server], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      CARBON_TRACE_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)\/graphql/.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    peakRssMb() {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const UPLOAD =
  "mutation ($file: Upload!) { uploadAudit(file: $file, input: { year: 2024, awaitCompletion: true }) { job { id status progress { rowsProcessed } assets { summaryCsvUrl chartPngUrl chartSvgUrl } } userErrors { code message } } }";

export interface UploadTiming {
  readonly jobId: string;
  readonly rows: number;
  /** Upload start to the finished job's answer. */
  readonly finishedMs: number;
  /** The server's peak RSS when the finished job was answered (before any file was served). */
  readonly peakAtFinishMb: number;
  /** …and until the summary CSV and the chart (SVG and PNG) have been served. */
  readonly servableMs: number;
}

/** Streams a file from disk as a GraphQL multipart upload, waits for the job, fetches its files. */
export async function timeUpload(server: BenchServer, path: string): Promise<UploadTiming> {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: UPLOAD, variables: { file: null } }));
  form.set("map", JSON.stringify({ 0: ["variables.file"] }));
  form.set("0", await openAsBlob(path), basename(path));
  const started = performance.now();
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "x-graphql-yoga-csrf": "1" },
    body: form,
  });
  const body = (await response.json()) as {
    data?: {
      uploadAudit: {
        job: {
          id: string;
          status: string;
          progress: { rowsProcessed: number };
          assets: Record<string, string>;
        } | null;
      };
    };
    errors?: unknown;
  };
  const finishedMs = performance.now() - started;
  const peakAtFinishMb = server.peakRssMb();
  const job = body.data?.uploadAudit.job;
  if (job?.status !== "SUCCEEDED")
    throw new Error(`upload failed: ${JSON.stringify(body).slice(0, 500)}`);
  for (const url of [job.assets.summaryCsvUrl, job.assets.chartSvgUrl, job.assets.chartPngUrl]) {
    const asset = await fetch(url ?? "");
    if (asset.status !== 200) throw new Error(`${url} answered ${asset.status}`);
    await asset.arrayBuffer();
  }
  return {
    jobId: job.id,
    rows: job.progress.rowsProcessed,
    finishedMs,
    peakAtFinishMb,
    servableMs: performance.now() - started,
  };
}
