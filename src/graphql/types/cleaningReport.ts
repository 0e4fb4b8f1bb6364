import type { IssueCount as IssueCountShape } from "../../ingest/issues.ts";
import type { StoredCleaningReport, StoredRowIssue } from "../../jobs/jobTypes.ts";
import { cursors } from "../../jobs/store/jobStore.ts";
import { builder } from "../builder.ts";
import { connectionType, toConnection } from "../connection.ts";
import { pageSize, withCursor } from "../errors.ts";
import { IssueCode, IssueSeverity } from "./enums.ts";

export const RowIssue = builder.objectRef<StoredRowIssue>("RowIssue").implement({
  description: "Something cleaning did to one row of the file.",
  fields: (t) => ({
    line: t.exposeInt("line", { description: "1-based line of the file where the row starts." }),
    column: t.exposeString("column", { nullable: true, description: "Canonical column name." }),
    value: t.exposeString("value", { nullable: true, description: "The raw value, truncated." }),
    code: t.field({ type: IssueCode, resolve: (i) => i.code }),
    severity: t.field({ type: IssueSeverity, resolve: (i) => i.severity }),
    message: t.exposeString("message"),
  }),
});

export const RowIssueConnection = connectionType("RowIssue", RowIssue);

export const IssueCount = builder.objectRef<IssueCountShape>("IssueCount").implement({
  fields: (t) => ({
    code: t.field({ type: IssueCode, resolve: (c) => c.code }),
    severity: t.field({ type: IssueSeverity, resolve: (c) => c.severity }),
    count: t.exposeInt("count"),
  }),
});

export interface CleaningReportShape extends StoredCleaningReport {
  readonly jobId: string;
}

export const CleaningReport = builder.objectRef<CleaningReportShape>("CleaningReport").implement({
  description:
    "What cleaning did to the file: counts, one line per kind of action, and every issue.",
  fields: (t) => ({
    originalRows: t.exposeInt("originalRows", { description: "Data rows in the file." }),
    cleanedRows: t.exposeInt("cleanedRows", { description: "Rows audited." }),
    rowsRemoved: t.exposeInt("rowsRemoved"),
    warnings: t.exposeInt("warnings"),
    blankLines: t.exposeInt("blankLines"),
    factoriesFound: t.exposeInt("factoriesFound"),
    sectorsFound: t.exposeStringList("sectorsFound"),
    yearsFound: t.exposeIntList("yearsFound"),
    actions: t.exposeStringList("actions", {
      description: "One human-readable line per kind of action.",
    }),
    countsByCode: t.field({ type: [IssueCount], resolve: (r) => [...r.issueCounts] }),
    issuesOmitted: t.exposeInt("issuesOmitted", {
      description:
        "Issues counted in countsByCode but not stored one by one (beyond the per-job limit).",
    }),
    issues: t.field({
      type: RowIssueConnection,
      args: {
        first: t.arg.int({ description: "Page size, 1–500; default 100." }),
        after: t.arg.string(),
        code: t.arg({ type: IssueCode }),
        severity: t.arg({ type: IssueSeverity }),
      },
      resolve: (report, args, { jobs }) =>
        withCursor(async () =>
          toConnection(
            await jobs.store.issues(
              report.jobId,
              { code: args.code, severity: args.severity },
              pageSize(args.first, 100),
              args.after ?? null,
            ),
            cursors.issue,
          ),
        ),
    }),
  }),
});
