import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";

/**
 * Versioned migrations, applied in name order at start. Written with kysely's schema
 * builder so they run on SQLite and PostgreSQL alike. Never edit one that has shipped.
 */
const MIGRATIONS: Record<string, Migration> = {
  "0001_audit_jobs": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("audit_jobs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("stage", "text", (c) => c.notNull())
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("requested_year", "integer")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("started_at", "text")
        .addColumn("finished_at", "text")
        .addColumn("rows_processed", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("bytes_processed", "bigint", (c) => c.notNull().defaultTo(0))
        .addColumn("total_bytes", "bigint")
        .addColumn("error_code", "text")
        .addColumn("error_message", "text")
        .addColumn("upload_path", "text")
        .addColumn("input_sha256", "text")
        .addColumn("factor_set_version", "text")
        .addColumn("factor_set_sha256", "text")
        .addColumn("results_json", "text")
        .addColumn("cleaning_json", "text")
        .execute();
      await db.schema
        .createIndex("audit_jobs_created")
        .on("audit_jobs")
        .columns(["created_at", "id"])
        .execute();
      await db.schema.createIndex("audit_jobs_status").on("audit_jobs").column("status").execute();

      await db.schema
        .createTable("factory_audits")
        .addColumn("job_id", "text", (c) =>
          c.notNull().references("audit_jobs.id").onDelete("cascade"),
        )
        .addColumn("factory_id", "text", (c) => c.notNull())
        .addColumn("year", "integer", (c) => c.notNull())
        .addColumn("sector", "text", (c) => c.notNull())
        .addColumn("total_emissions_kg", "double precision", (c) => c.notNull())
        .addColumn("max_monthly_kg", "double precision", (c) => c.notNull())
        .addColumn("avg_monthly_kg", "double precision", (c) => c.notNull())
        .addColumn("alerts", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("first_exceeded_month", "integer")
        .addColumn("cap_kg", "double precision", (c) => c.notNull())
        .addColumn("months_reported", "integer", (c) => c.notNull())
        .addColumn("months_packed", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("factory_audits_pk", ["job_id", "factory_id", "year"])
        .execute();
      await db.schema
        .createIndex("factory_audits_sector")
        .on("factory_audits")
        .columns(["job_id", "sector", "factory_id", "year"])
        .execute();
      await db.schema
        .createIndex("factory_audits_violators")
        .on("factory_audits")
        .columns(["job_id", "status", "sector", "total_emissions_kg"])
        .execute();

      await db.schema
        .createTable("row_issues")
        .addColumn("job_id", "text", (c) =>
          c.notNull().references("audit_jobs.id").onDelete("cascade"),
        )
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("line", "bigint", (c) => c.notNull())
        .addColumn("column_name", "text")
        .addColumn("value", "text")
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("message", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("row_issues_pk", ["job_id", "seq"])
        .execute();
      await db.schema
        .createIndex("row_issues_code")
        .on("row_issues")
        .columns(["job_id", "code", "seq"])
        .execute();
    },
  },
  // Only violators are ever looked up by total: indexing every factory-year cost an eighth of
  // the time spent storing a large audit (see VIOLATOR_STATUS in jobStore.ts).
  "0002_violators_index_partial": {
    async up(db: Kysely<unknown>) {
      await db.schema.dropIndex("factory_audits_violators").execute();
      await db.schema
        .createIndex("factory_audits_violators")
        .on("factory_audits")
        .columns(["job_id", "sector", "total_emissions_kg"])
        .where(sql.ref("status"), "=", sql.lit("EXCEEDED"))
        .execute();
    },
  },
};

class InlineMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({
    db,
    provider: new InlineMigrations(),
  }).migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error !== undefined) {
    throw new Error(
      `database migration ${failed?.migrationName ?? ""} failed: ${(error as Error).message}`,
    );
  }
}
