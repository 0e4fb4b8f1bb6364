/**
 * npm run bench — the performance suite. Every figure is measured in this run, beside its
 * baseline from the same run (csv-parse alone, or a trivial query) or the reference tool's
 * reported figure, and printed as one table, then a scaling table.
 *   --runs N        repetitions of the in-process measurements (median; default 3)
 *   --skip-large    leave out the 6M-row (five-year) scenarios
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchFile, ROOT } from "./files.ts";
import { queryThroughput } from "./queries.ts";
import { startBenchServer, timeUpload } from "./server.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    "skip-large": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const REFERENCE = { bigSeconds: 21, bigPeakMb: 1300, sampleSeconds: 0.7 };
const SAMPLE = join(ROOT, "test/fixtures/reference_monthly_production.csv");

interface Measurement {
  ms: number;
  rows: number;
  maxRssMb: number;
}

function measureInProcess(mode: "engine" | "csv-parse", file: string, times = runs): Measurement {
  const results: Measurement[] = [];
  for (let i = 0; i < times; i++) {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "bench/measure.ts"), mode, file],
      { encoding: "utf8" },
    );
    results.push(JSON.parse(out) as Measurement);
  }
  const median = (pick: (m: Measurement) => number) =>
    results.map(pick).sort((a, b) => a - b)[Math.floor(results.length / 2)] ?? Number.NaN;
  return {
    ms: median((m) => m.ms),
    rows: results[0]?.rows ?? 0,
    maxRssMb: median((m) => m.maxRssMb),
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const log = (message: string) => process.stderr.write(`${message}\n`);

log("building the server (npm run build) …");
execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
const big = benchFile(100_000, 1);
log(`measuring on ${big.rows.toLocaleString("en-US")} rows (${big.mb.toFixed(1)} MB) …`);
const csvParse = measureInProcess("csv-parse", big.path);
const engine = measureInProcess("engine", big.path);

/**
 * `file` uploaded to `runs` fresh servers, each warmed up with the sample (its charts
 * included): the median time and peak RSS, since one run moves by 10-20%. The last server
 * is handed back still running.
 */
async function freshServerUploads(file: string) {
  const timings: Awaited<ReturnType<typeof timeUpload>>[] = [];
  let last: Awaited<ReturnType<typeof startBenchServer>> | null = null;
  for (let i = 0; i < runs; i++) {
    await last?.stop();
    last = await startBenchServer();
    await timeUpload(last, SAMPLE);
    timings.push(await timeUpload(last, file));
  }
  const lastTiming = timings.at(-1);
  if (last === null || lastTiming === undefined) throw new Error("--runs must be at least 1");
  return {
    server: last,
    last: lastTiming,
    finishedMs: median(timings.map((t) => t.finishedMs)),
    servableMs: median(timings.map((t) => t.servableMs)),
    peakMb: median(timings.map((t) => t.peakAtFinishMb)),
    all: timings,
  };
}

log(`end to end: ${runs} fresh servers, each warmed up, then the 1.2M-row upload …`);
const bigUploads = await freshServerUploads(big.path);
const server = bigUploads.server;
const upload = {
  ...bigUploads.last,
  finishedMs: bigUploads.finishedMs,
  servableMs: bigUploads.servableMs,
};
const uploadPeak = bigUploads.peakMb;
const servingPeak = server.peakRssMb();
log("the 600-row sample, 20 times on the warm server …");
const sampleTimes: number[] = [];
for (let i = 0; i < 20; i++) sampleTimes.push((await timeUpload(server, SAMPLE)).finishedMs);
log("queries against the finished 100,000-factory job …");
const queries = await queryThroughput(server.url, upload.jobId);
await server.stop();

let fiveYearPeak = Number.NaN;
let fiveYearMs = Number.NaN;
let fiveYearPeaks: number[] = [];
let fiveYears: ReturnType<typeof benchFile> | null = null;
if (!values["skip-large"]) {
  fiveYears = benchFile(100_000, 5);
  log(
    `five years of the same factories (${fiveYears.rows.toLocaleString("en-US")} rows) on ${runs} fresh servers …`,
  );
  const large = await freshServerUploads(fiveYears.path);
  await large.server.stop();
  fiveYearPeak = large.peakMb;
  fiveYearPeaks = large.all.map((t) => t.peakAtFinishMb);
  fiveYearMs = large.finishedMs;
}
const spread = (label: string, values: number[], unit: (v: number) => string) =>
  `${label}: ${values.map(unit).join(", ")}`;

const rows: string[][] = [
  ["scenario", "ours", "baseline (same run unless noted)", "ratio", "target", "met"],
  ["csv-parse alone, 1.2M rows (array mode)", seconds(csvParse.ms), "—", "—", "—", ""],
  [
    "engine in-process: clean + audit, 1.2M rows",
    seconds(engine.ms),
    `csv-parse ${seconds(csvParse.ms)}`,
    `${(engine.ms / csvParse.ms).toFixed(2)}×`,
    "—",
    "",
  ],
  [
    "upload 1.2M rows → finished job (HTTP, awaitCompletion)",
    seconds(upload.finishedMs),
    `csv-parse ${seconds(csvParse.ms)}`,
    `${(upload.finishedMs / csvParse.ms).toFixed(2)}×`,
    "≤ 1.00×",
    upload.finishedMs <= csvParse.ms ? "yes" : "no",
  ],
  [
    "… and summary CSV + chart SVG/PNG served",
    seconds(upload.servableMs),
    `reference ${REFERENCE.bigSeconds} s (reported)`,
    `${((REFERENCE.bigSeconds * 1000) / upload.servableMs).toFixed(1)}× faster`,
    "≥ 10×",
    (REFERENCE.bigSeconds * 1000) / upload.servableMs >= 10 ? "yes" : "no",
  ],
  [
    "server peak RSS during the 1.2M-row upload",
    mb(uploadPeak),
    `reference ${REFERENCE.bigPeakMb} MB (reported)`,
    `${(uploadPeak / REFERENCE.bigPeakMb).toFixed(2)}×`,
    "≤ 250 MB",
    uploadPeak <= 250 ? "yes" : "no",
  ],
  ["… peak RSS after also serving its CSV and charts", mb(servingPeak), "—", "—", "—", ""],
  [
    "server peak RSS, same factories × 5 years (6M rows)",
    fiveYears === null ? "skipped" : mb(fiveYearPeak),
    `1.2M rows ${mb(uploadPeak)}`,
    fiveYears === null ? "—" : `+${((fiveYearPeak / uploadPeak - 1) * 100).toFixed(0)}%`,
    "< +20%",
    fiveYears === null ? "" : fiveYearPeak < uploadPeak * 1.2 ? "yes" : "no",
  ],
  [
    "600-row sample → finished job, warm server (median of 20)",
    `${median(sampleTimes).toFixed(1)} ms`,
    `reference ${REFERENCE.sampleSeconds * 1000} ms (reported)`,
    `1/${((REFERENCE.sampleSeconds * 1000) / median(sampleTimes)).toFixed(0)}`,
    "≤ 1/15 (47 ms)",
    median(sampleTimes) <= (REFERENCE.sampleSeconds * 1000) / 15 ? "yes" : "no",
  ],
  [
    "auditJob summary + violatorsBySector(10), req/s",
    queries.headline.toFixed(0),
    `{ __typename } ${queries.trivial.toFixed(0)} req/s`,
    `${((100 * queries.headline) / queries.trivial).toFixed(0)}%`,
    "≥ 70%",
    queries.headline >= 0.7 * queries.trivial ? "yes" : "no",
  ],
];

log("scaling (engine in-process, and a fresh server per file) …");
interface Scaled {
  readonly label: string;
  readonly file: ReturnType<typeof benchFile>;
  readonly engine: Measurement;
  readonly server: { ms: number; peakMb: number } | null;
}
/** Upload to finished job on a fresh server (after the warm-up sample), and its peak RSS. */
async function onFreshServer(path: string): Promise<{ ms: number; peakMb: number }> {
  const fresh = await startBenchServer();
  await timeUpload(fresh, SAMPLE);
  const timing = await timeUpload(fresh, path);
  await fresh.stop();
  return { ms: timing.finishedMs, peakMb: timing.peakAtFinishMb };
}
type ScalingInput = [string, ReturnType<typeof benchFile>, { ms: number; peakMb: number } | null];
const scalingInputs: ScalingInput[] = [
  ["120k rows, 10k factories", benchFile(10_000, 1), null],
  ["1.2M rows, 100k factories", big, { ms: upload.finishedMs, peakMb: uploadPeak }],
  ["1.2M rows, 1k factories × 100 years", benchFile(1_000, 100), null],
];
if (fiveYears !== null) {
  scalingInputs.push([
    "6M rows, 100k factories × 5 years",
    fiveYears,
    { ms: fiveYearMs, peakMb: fiveYearPeak },
  ]);
}
const scaled: Scaled[] = [];
for (const [label, file, measured] of scalingInputs) {
  scaled.push({
    label,
    file,
    engine: measureInProcess("engine", file.path, 1),
    server: measured ?? (await onFreshServer(file.path)),
  });
}

const table = (cells: string[][]) => {
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length))) ?? [];
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [
    line(cells[0] ?? []),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...cells.slice(1).map(line),
  ].join("\n");
};

console.log(`\nCarbon-Trace bench — Node ${process.version}, ${new Date().toISOString()}\n`);
console.log(table(rows));
console.log(
  "\nScaling (engine: clean + audit in-process, one thread; server: upload → finished job, fresh server)\n",
);
console.log(
  table([
    [
      "input",
      "size",
      "engine time",
      "engine rows/s",
      "engine peak RSS",
      "server time",
      "server peak RSS",
    ],
    ...scaled.map(({ label, file, engine: m, server }) => [
      label,
      `${file.mb.toFixed(0)} MB`,
      seconds(m.ms),
      Math.round(m.rows / (m.ms / 1000)).toLocaleString("en-US"),
      mb(m.maxRssMb),
      server === null ? "—" : seconds(server.ms),
      server === null ? "—" : mb(server.peakMb),
    ]),
  ]),
);
console.log(
  `\nEach server figure is the median of ${runs} fresh servers; the runs were ${[
    spread(
      "1.2M-row upload",
      bigUploads.all.map((t) => t.finishedMs),
      seconds,
    ),
    spread(
      "its peak RSS",
      bigUploads.all.map((t) => t.peakAtFinishMb),
      mb,
    ),
    spread("five years' peak RSS", fiveYearPeaks, mb),
  ].join("; ")}.`,
);
if (engine.rows !== csvParse.rows || upload.rows !== big.rows) {
  console.error(
    `row counts differ: engine ${engine.rows}, csv-parse ${csvParse.rows}, upload ${upload.rows}, file ${big.rows}`,
  );
  process.exitCode = 1;
}
