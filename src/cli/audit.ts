import { createReadStream, mkdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { loadSectorConfig } from "../config/loadSectorConfig.ts";
import { SectorConfigError } from "../config/sectorConfig.ts";
import { CsvFileError } from "../ingest/fileError.ts";
import { readYear } from "../ingest/values.ts";
import { auditCsv } from "../pipeline/auditCsv.ts";
import { summaryCsvFileName, summaryCsvLines } from "../reports/summaryCsv.ts";
import { formatHumanReport } from "./humanReport.ts";
import { writeJsonReport } from "./jsonReport.ts";
import { createProgressIndicator } from "./progressIndicator.ts";

const USAGE = `usage: npm run --silent audit -- FILE [--json] [--year YYYY] [--out DIR] [--config FILE]

  --json         print one JSON document (summary, sectorBreakdown, violators, factories, cleaningReport)
  --year YYYY    year for rows that give none (default: the current year)
  --out DIR      also write the summary CSV (audit_summary_<year>.csv) into DIR
  --config FILE  emission factors and caps (default: config/sectors.json)`;

/** Files at least this large get a progress indicator on a terminal. */
const PROGRESS_FROM_BYTES = 4 * 1024 * 1024;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      year: { type: "string" },
      out: { type: "string" },
      config: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError("give exactly one CSV file");
  let year: number | undefined;
  if (values.year !== undefined) {
    year = readYear(values.year) ?? undefined;
    if (year === undefined)
      throw new UsageError(`--year "${values.year}" is not a four-digit year`);
  }

  const config = loadSectorConfig(values.config);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error("not a regular file");
    size = stat.size;
  } catch (error) {
    throw new CsvFileError("EMPTY_FILE", `cannot read ${file}: ${(error as Error).message}`);
  }

  const progress =
    process.stderr.isTTY && size >= PROGRESS_FROM_BYTES
      ? createProgressIndicator(process.stderr)
      : null;
  const report = await auditCsv(createReadStream(file, { highWaterMark: 256 * 1024 }), {
    config,
    year,
    totalBytes: size,
    onProgress: progress?.update,
  });
  progress?.done();

  if (values.out !== undefined) {
    mkdirSync(values.out, { recursive: true });
    const target = join(values.out, summaryCsvFileName(report.summary.years));
    writeFileSync(
      target,
      [
        ...summaryCsvLines(
          report.factories.map((f) => f.toAudit()),
          report.provenance,
        ),
      ].join(""),
    );
    process.stderr.write(`summary CSV written to ${target}\n`);
  }
  if (values.json) await writeJsonReport(process.stdout, report);
  else process.stdout.write(formatHumanReport(basename(file), report));
  return 0;
}

function describe(error: unknown): { message: string; exitCode: number } {
  if (
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    return { message: `${(error as Error).message}\n${USAGE}`, exitCode: 2 };
  }
  if (error instanceof CsvFileError)
    return { message: `${error.message} [${error.code}]`, exitCode: 1 };
  if (error instanceof SectorConfigError) return { message: error.message, exitCode: 1 };
  return { message: `unexpected error: ${(error as Error).stack ?? String(error)}`, exitCode: 70 };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { message, exitCode } = describe(error);
    process.stderr.write(`carbon-trace: ${message}\n`);
    process.exitCode = exitCode;
  },
);
