import type { RowIssue } from "../ingest/issues.ts";
import { csvLine, textCell } from "./csvCell.ts";

export const ROW_ISSUES_CSV_COLUMNS = [
  "line",
  "column",
  "value",
  "code",
  "severity",
  "message",
] as const;

export function rowIssuesCsvHeader(): string {
  return csvLine(ROW_ISSUES_CSV_COLUMNS);
}

/** One issue of the cleaning report; user text is neutralised against CSV injection. */
export function rowIssuesCsvLine(issue: RowIssue): string {
  return csvLine([
    String(issue.line),
    textCell(issue.column ?? ""),
    textCell(issue.value ?? ""),
    issue.code,
    issue.severity,
    textCell(issue.message),
  ]);
}
