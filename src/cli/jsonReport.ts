import type { Writable } from "node:stream";
import type { AuditReport } from "../pipeline/auditCsv.ts";

/**
 * Writes the report as one JSON document with the GraphQL contract's field names, a
 * factory at a time, so that a hundred thousand factories never become one huge string.
 */
export async function writeJsonReport(out: Writable, report: AuditReport): Promise<void> {
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", resolve));
  };
  await write(`{"summary":${JSON.stringify(report.summary)}`);
  await write(`,"sectorBreakdown":${JSON.stringify(report.sectorBreakdown)}`);
  await write(`,"violators":${JSON.stringify(report.violators.map((f) => f.toAudit()))}`);
  await write(',"factories":[');
  let first = true;
  for (const factory of report.factories) {
    await write(`${first ? "" : ","}${JSON.stringify(factory)}`);
    first = false;
  }
  await write(`],"cleaningReport":${JSON.stringify(report.cleaningReport)}`);
  await write(`,"provenance":${JSON.stringify(report.provenance)}}\n`);
}
