import type { AuditReport } from "../pipeline/auditCsv.ts";

const kg = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat("en-US");

const TOP_VIOLATORS = 10;
const ISSUES_SHOWN = 10;

/** The readable summary the CLI prints by default. */
export function formatHumanReport(fileName: string, report: AuditReport): string {
  const { summary, cleaningReport: cleaning } = report;
  const lines: string[] = [
    `Carbon-Trace audit of ${fileName}`,
    `  years audited:        ${summary.years.join(", ") || "none"}`,
    `  factories:            ${count.format(summary.totalFactories)}`,
    `  total emissions:      ${kg.format(summary.totalEmissionsKg)} kg (${kg.format(summary.totalEmissionsTonnes)} t CO2)`,
    `  alert months:         ${count.format(summary.totalAlerts)}`,
    `  factories over cap:   ${count.format(summary.factoriesOverCap)}`,
    "",
    "Sectors",
  ];
  for (const sector of report.sectorBreakdown) {
    lines.push(
      `  ${sector.sector.padEnd(14)} ${count.format(sector.factories).padStart(8)} factories  ` +
        `${kg.format(sector.totalEmissionsKg).padStart(22)} kg  ` +
        `avg ${kg.format(sector.avgPerFactoryKg).padStart(18)} kg  ` +
        `${count.format(sector.factoriesOverCap)} over cap`,
    );
  }
  lines.push("", `Top violators (of ${count.format(report.violators.length)})`);
  if (report.violators.length === 0) lines.push("  none: every factory stayed under its cap");
  for (const factory of report.violators.slice(0, TOP_VIOLATORS)) {
    lines.push(
      `  ${factory.factoryId.padEnd(20)} ${factory.sector.padEnd(12)} ${String(factory.year)}  ` +
        `${kg.format(factory.totalEmissionsKg).padStart(20)} kg  cap ${kg.format(factory.capKg)} kg  ` +
        `exceeded in month ${factory.firstExceededMonth ?? "-"}`,
    );
  }
  lines.push(
    "",
    "Data quality",
    `  rows in file:         ${count.format(cleaning.originalRows)}`,
    `  rows audited:         ${count.format(cleaning.cleanedRows)}`,
    `  rows removed:         ${count.format(cleaning.rowsRemoved)}`,
    `  warnings:             ${count.format(cleaning.warnings)}`,
  );
  for (const action of cleaning.actions) lines.push(`  - ${action}`);
  for (const issue of cleaning.issues.slice(0, ISSUES_SHOWN)) {
    lines.push(`    line ${issue.line}: ${issue.severity} ${issue.code}: ${issue.message}`);
  }
  const more =
    cleaning.rowsRemoved + cleaning.warnings - Math.min(ISSUES_SHOWN, cleaning.issues.length);
  if (more > 0) lines.push(`    … and ${count.format(more)} more (use --json for all)`);
  lines.push(
    "",
    `Provenance: input sha256 ${report.provenance.inputSha256}, factor set ${report.provenance.factorSetVersion} (sha256 ${report.provenance.factorSetSha256})`,
  );
  return `${lines.join("\n")}\n`;
}
