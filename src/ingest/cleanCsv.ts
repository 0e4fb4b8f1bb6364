import { createHash } from "node:crypto";
import type { CsvError } from "csv-parse";
import type { SectorConfig } from "../config/sectorConfig.ts";
import { type ColumnLayout, resolveHeader } from "./columns.ts";
import { CsvRecordReader } from "./csvRecords.ts";
import { FactoryYearCollector } from "./factoryYearCollector.ts";
import { CsvFileError } from "./fileError.ts";
import { type IssueCount, IssueLog, type IssueSink, type RowIssue } from "./issues.ts";
import type { SpillOptions } from "./monthPages.ts";
import { RowCleaner } from "./rowCleaner.ts";
import { sniffContent } from "./sniff.ts";

export interface CleanOptions {
  readonly config: SectorConfig;
  /** Year for rows that give none (no `year` column, no `YYYY-MM` month). */
  readonly defaultYear: number;
  /** Issues kept in memory for the report; all are counted and forwarded. Default 100,000. */
  readonly keepIssues?: number;
  /** Receives every issue, e.g. to store them all. */
  readonly issueSink?: IssueSink;
  /** Called after each chunk of input is parsed. */
  readonly onProgress?: (progress: { rowsProcessed: number; bytesProcessed: number }) => void;
  /** Spill cold month pages to disk (see MonthPages); default: keep everything in memory. */
  readonly spill?: SpillOptions;
  /** Read plain lines without csv-parse (default); off only to compare the two in tests. */
  readonly plainFastPath?: boolean;
}

export interface CleaningReport {
  /** Data rows in the file (not the header, not blank lines). */
  readonly originalRows: number;
  /** Rows audited. */
  readonly cleanedRows: number;
  readonly rowsRemoved: number;
  readonly warnings: number;
  readonly blankLines: number;
  readonly factoriesFound: number;
  readonly sectorsFound: readonly string[];
  readonly yearsFound: readonly number[];
  /** One human-readable line per kind of action taken. */
  readonly actions: readonly string[];
  readonly issueCounts: readonly IssueCount[];
  /** In line order; at most `keepIssues` of them (see issuesOmitted). */
  readonly issues: readonly RowIssue[];
  readonly issuesOmitted: number;
}

export interface CleanedInput {
  readonly collector: FactoryYearCollector;
  readonly report: CleaningReport;
  readonly inputSha256: string;
  readonly inputBytes: number;
}

/** Largest record accepted; a real row is under 1 KiB, so this only stops runaway fields. */
export const MAX_RECORD_BYTES = 64 * 1024;

/**
 * Streams CSV bytes into records (csv-parse, or its plain-line fast path), applying every
 * cleaning rule as rows go by. Rows are never collected: memory grows with factories.
 * Throws CsvFileError when the file as a whole cannot be audited.
 */
export async function cleanCsv(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: CleanOptions,
): Promise<CleanedInput> {
  const issues = new IssueLog({ keep: options.keepIssues, forward: options.issueSink });
  const collector = new FactoryYearCollector(issues, options.spill);
  const hash = createHash("sha256");
  let layout: ColumnLayout | null = null;
  let cleaner: RowCleaner | null = null;
  let lastLine = 0;
  let lastSkippedLine = 0;
  let dataRows = 0;
  let blankLines = 0;
  let bytes = 0;
  let fatal: CsvFileError | null = null;

  // After a fatal problem the rest of the input is ignored; the read loop then stops.
  const fail = (error: CsvFileError): undefined => {
    fatal ??= error;
    return undefined;
  };

  const onRecord = (record: string[], endLine: number, readable: boolean): void => {
    const line = lastLine + 1;
    lastLine = endLine;
    if (fatal !== null) return;
    if (record.length === 1 && (record[0] ?? "").trim().length === 0) {
      if (layout !== null) blankLines += 1;
      return;
    }
    if (cleaner === null) {
      try {
        layout = resolveHeader(record, line);
      } catch (error) {
        fail(error as CsvFileError);
        return;
      }
      cleaner = new RowCleaner(layout, options.config, options.defaultYear, issues);
      return;
    }
    dataRows += 1;
    const row = cleaner.clean(record, line, readable);
    if (row !== null) collector.add(row);
  };

  const onSkipped = (error: CsvError | undefined, errorLine: number | null): void => {
    const reportedLine = errorLine ?? lastLine + 1;
    const line = lastLine + 1;
    lastLine = Math.max(lastLine, reportedLine);
    if (fatal !== null) return;
    switch (error?.code) {
      case "CSV_QUOTE_NOT_CLOSED":
        fail(
          new CsvFileError(
            "UNTERMINATED_QUOTE",
            `line ${line} opens a quoted field that is never closed, so nothing from there to the end of the file can be read; close or remove the quote`,
            line,
          ),
        );
        return;
      case "CSV_MAX_RECORD_SIZE":
        fail(
          new CsvFileError(
            "RECORD_TOO_LARGE",
            `the record starting on line ${line} is larger than ${MAX_RECORD_BYTES / 1024} KiB; is this really a CSV of monthly production?`,
            line,
          ),
        );
        return;
    }
    // csv-parse may report one broken line more than once; it is one row.
    if (reportedLine === lastSkippedLine) return;
    lastSkippedLine = reportedLine;
    if (layout === null) {
      fail(
        new CsvFileError(
          "MALFORMED_CSV",
          `the header on line ${line} is not valid CSV: ${error?.message ?? "unreadable"}`,
          line,
        ),
      );
      return;
    }
    dataRows += 1;
    issues.report(
      "MALFORMED_ROW",
      line,
      null,
      null,
      `not valid CSV: ${error?.message ?? "unreadable row"}`,
    );
  };

  const reader = new CsvRecordReader(
    { record: onRecord, skipped: onSkipped },
    { maxRecordBytes: MAX_RECORD_BYTES, plainFastPath: options.plainFastPath },
  );

  try {
    for await (const chunk of source) {
      if (bytes === 0 && chunk.byteLength > 0) {
        const problem = sniffContent(chunk);
        if (problem !== null) throw problem;
      }
      bytes += chunk.byteLength;
      hash.update(chunk);
      const backpressure = reader.write(chunk);
      if (backpressure !== undefined) await backpressure;
      if (fatal !== null) throw fatal;
      options.onProgress?.({ rowsProcessed: dataRows, bytesProcessed: bytes });
    }
    await reader.end();
  } catch (error) {
    reader.destroy();
    throw fatal ?? toFileError(error);
  }
  if (fatal !== null) throw fatal;

  if (bytes === 0)
    throw new CsvFileError(
      "EMPTY_FILE",
      "the file is empty; upload a CSV with a header and monthly rows",
    );
  if (layout === null)
    throw new CsvFileError("EMPTY_FILE", "the file has no header, only blank lines");
  if (dataRows === 0) {
    throw new CsvFileError("NO_DATA_ROWS", "the file has a header but no data rows", lastLine);
  }

  const dropped = issues.count("DROPPED");
  const quiet = (cleaner as RowCleaner | null)?.quiet;
  const actions = [...issues.actions];
  if (blankLines > 0)
    actions.push(`Skipped ${blankLines} blank line${blankLines === 1 ? "" : "s"}`);
  if (quiet !== undefined && quiet.defaultedEnergySources > 0) {
    actions.push(
      `Audited ${quiet.defaultedEnergySources} rows with no energy source as ${options.config.defaultEnergySource}`,
    );
  }
  if (quiet !== undefined && quiet.defaultedYears > 0) {
    actions.push(
      `Assigned year ${options.defaultYear} to ${quiet.defaultedYears} rows that give no year`,
    );
  }

  return {
    collector,
    inputSha256: hash.digest("hex"),
    inputBytes: bytes,
    report: {
      originalRows: dataRows,
      cleanedRows: collector.rows,
      rowsRemoved: dropped,
      warnings: issues.count("WARNING"),
      blankLines,
      factoriesFound: collector.factoryCount,
      sectorsFound: collector.sectors,
      yearsFound: collector.years,
      actions,
      issueCounts: issues.counts,
      issues: issues.issues,
      issuesOmitted: issues.omitted,
    },
  };
}

function toFileError(error: unknown): Error {
  if (error instanceof CsvFileError) return error;
  const csvCode = (error as { code?: unknown }).code;
  if (typeof csvCode === "string" && csvCode.startsWith("CSV_")) {
    return new CsvFileError(
      "MALFORMED_CSV",
      `the file is not valid CSV: ${(error as Error).message}`,
    );
  }
  return error as Error;
}
