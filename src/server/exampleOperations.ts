import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const OPERATIONS_DIR = fileURLToPath(new URL("../../schema/operations", import.meta.url));

/** The example operations (schema/operations/*.graphql), by file name, for GraphiQL's tabs. */
export function readExampleOperations(
  dir: string = OPERATIONS_DIR,
): { name: string; query: string }[] {
  const order = [
    "auditJobs",
    "auditJob",
    "factories",
    "factoryDetail",
    "cleaningReport",
    "auditJobReports",
    "uploadAudit",
    "auditJobProgress",
    "deleteAuditJob",
  ];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".graphql"))
    .map((file) => ({
      name: file.replace(/\.graphql$/, ""),
      query: readFileSync(join(dir, file), "utf8"),
    }))
    .sort((a, b) => rank(order, a.name) - rank(order, b.name) || a.name.localeCompare(b.name));
}

function rank(order: readonly string[], name: string): number {
  const at = order.indexOf(name);
  return at === -1 ? order.length : at;
}
