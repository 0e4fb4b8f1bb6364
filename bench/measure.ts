/**
 * One measured run, in its own process so that peak memory is the run's alone.
 * usage: node --import tsx bench/measure.ts engine|csv-parse FILE
 * Prints one JSON line: { ms, rows, maxRssMb }.
 */
import { createReadStream, readFileSync } from "node:fs";
import { parse } from "csv-parse";
import { loadSectorConfig } from "../src/config/loadSectorConfig.ts";
import { auditCsv } from "../src/pipeline/auditCsv.ts";

const [mode, file] = process.argv.slice(2);
if (file === undefined || (mode !== "engine" && mode !== "csv-parse")) {
  process.stderr.write("usage: measure.ts engine|csv-parse FILE\n");
  process.exit(2);
}
const READ_CHUNK = 256 * 1024;

async function engine(path: string): Promise<number> {
  const config = loadSectorConfig();
  const report = await auditCsv(createReadStream(path, { highWaterMark: READ_CHUNK }), {
    config,
    year: 2024,
  });
  return report.cleaningReport.originalRows;
}

/** The baseline: csv-parse alone, streaming, array mode, every record consumed. */
async function csvParseAlone(path: string): Promise<number> {
  let rows = -1; // the header
  const parser = createReadStream(path, { highWaterMark: READ_CHUNK }).pipe(parse());
  for await (const _record of parser) rows += 1;
  return rows;
}

const started = performance.now();
const rows = mode === "engine" ? await engine(file) : await csvParseAlone(file);
const ms = performance.now() - started;
// VmHWM, not getrusage's maxrss: on Linux the latter starts from the parent's size at fork.
const peakKb = Number(
  /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? Number.NaN,
);
process.stdout.write(`${JSON.stringify({ ms, rows, maxRssMb: peakKb / 1024 })}\n`);
