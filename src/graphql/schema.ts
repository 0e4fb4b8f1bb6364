import { lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.ts";
import "./scalars.ts";
import "./types/enums.ts";
import "./types/userError.ts";
import "./types/factoryAudit.ts";
import "./types/summary.ts";
import "./types/cleaningReport.ts";
import "./types/auditJobProgress.ts";
import "./types/auditJob.ts";
import "./types/uploadAudit.ts";
import "./types/assets.ts";

/** The whole schema, types sorted so the printed SDL is stable. */
export const schema = lexicographicSortSchema(builder.toSchema());

/** The SDL committed as schema/schema.graphql. */
export function printSdl(): string {
  return `${printSchema(schema)}\n`;
}
