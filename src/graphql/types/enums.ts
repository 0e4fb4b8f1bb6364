import { ISSUE_KINDS } from "../../ingest/issues.ts";
import { builder } from "../builder.ts";

export const AuditJobStatus = builder.enumType("AuditJobStatus", {
  values: {
    QUEUED: { description: "Stored and waiting for a free audit slot." },
    RUNNING: { description: "Being cleaned, audited or saved." },
    SUCCEEDED: { description: "Finished; every result field is available." },
    FAILED: { description: "Finished without results; see `error`." },
  } as const,
});

export const AuditJobStage = builder.enumType("AuditJobStage", {
  values: {
    WAITING: { description: "Stored; waiting for a free audit slot (status QUEUED)." },
    RECEIVING: { description: "The upload is arriving (a job is visible only once it is stored)." },
    CLEANING: { description: "Rows are being read and cleaned." },
    AUDITING: { description: "Factories are being audited." },
    SAVING: { description: "Results are being stored." },
    RENDERING: { description: "Charts and reports are being rendered." },
    DONE: { description: "Finished (SUCCEEDED or FAILED)." },
  } as const,
});

export const ComplianceStatus = builder.enumType("ComplianceStatus", {
  values: {
    COMPLIANT: { description: "The cumulative total never exceeded the annual cap." },
    EXCEEDED: { description: "At least one month ended over the annual cap." },
  } as const,
});

export const MonthStatus = builder.enumType("MonthStatus", {
  values: {
    OK: { description: "The cumulative total is within the cap." },
    ALERT: { description: "The cumulative total is over the cap." },
  } as const,
});

export const IssueSeverity = builder.enumType("IssueSeverity", {
  values: {
    DROPPED: { description: "The row was not audited." },
    WARNING: { description: "The row was audited, as the message says." },
  } as const,
});

export const IssueCode = builder.enumType("IssueCode", {
  values: Object.keys(ISSUE_KINDS) as (keyof typeof ISSUE_KINDS)[],
});
