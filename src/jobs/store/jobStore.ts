import {
  type ExpressionBuilder,
  type ExpressionWrapper,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type SqlBool,
  type StringReference,
  sql,
  type Transaction,
} from "kysely";
import { monthsFromParts } from "../../audit/monthlySeries.ts";
import type { ComplianceStatus, FactoryAudit } from "../../audit/types.ts";
import type { IssueCode, IssueSeverity, RowIssue } from "../../ingest/issues.ts";
import type { Provenance } from "../../pipeline/auditCsv.ts";
import {
  type FactoryYearBatch,
  factoryAudit,
  flatMonths,
} from "../../pipeline/factoryYearBatch.ts";
import type {
  AuditJobRecord,
  IssueFilter,
  JobError,
  JobStage,
  JobStatus,
  Page,
  StoredCleaningReport,
  StoredFactoryAudit,
  StoredResults,
  StoredRowIssue,
} from "../jobTypes.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import type { SqliteHandle } from "./database.ts";
import { LruCache } from "./lruCache.ts";
import { decodeMonths, encodeMonths, packMonths } from "./monthsCodec.ts";
import type { AuditJobsTable, Database, FactoryAuditsTable, RowIssuesTable } from "./tables.ts";

/** Cursors of the three paginated lists; each encodes the list's sort key. */
export const cursors = {
  job: (job: AuditJobRecord) => encodeCursor([job.createdAt.toISOString(), job.id]),
  factory: (factory: StoredFactoryAudit) => encodeCursor([factory.factoryId, factory.year]),
  issue: (issue: StoredRowIssue) => encodeCursor([issue.seq]),
};

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_BATCH = 500;

export type NewJob = Pick<
  AuditJobRecord,
  | "id"
  | "status"
  | "stage"
  | "fileName"
  | "requestedYear"
  | "createdAt"
  | "startedAt"
  | "totalBytes"
  | "rowsProcessed"
  | "bytesProcessed"
> & { readonly uploadPath: string };

export interface ProgressUpdate {
  readonly stage: JobStage;
  readonly status?: JobStatus;
  readonly rowsProcessed?: number;
  readonly bytesProcessed?: number;
  readonly startedAt?: Date;
}

export interface SectorTotals {
  readonly sector: string;
  /** Factory-years of the sector in the year. */
  readonly factories: number;
  readonly totalEmissionsKg: number;
  /** The caps of those factory-years, summed. */
  readonly capsKg: number;
  /** The annual cap of one factory of the sector. */
  readonly capKg: number;
  readonly factoriesOverCap: number;
}

export interface FactoryFilter {
  readonly sector?: string | null;
  readonly status?: ComplianceStatus | null;
}

/** A factory-year ready to store: Industry is one. */
export interface ResultsToSave {
  /** Audited factory-years, a batch at a time: each is written and let go. */
  readonly factories: AsyncIterable<FactoryYearBatch>;
  readonly issues: readonly RowIssue[];
  readonly cleaning: StoredCleaningReport;
  readonly provenance: Provenance;
  readonly rowsProcessed: number;
  /** Read once every factory has been written. */
  readonly totals: () => StoredResults;
}

/**
 * Jobs and their results, through kysely: SQLite by default, PostgreSQL-ready. Given the
 * SQLite handle, bulk rows go through prepared statements on it (inside kysely's
 * transaction); otherwise through multi-row INSERTs that any kysely dialect runs.
 */
export class JobStore {
  readonly #db: Kysely<Database>;
  /** Reads go here: a second connection, so they never wait for a long write. */
  readonly #read: Kysely<Database>;
  readonly #sqlite: SqliteHandle | undefined;
  /**
   * A finished job and its top lists never change, so reads of them are cached (briefly: a
   * job deleted by another instance disappears here within the TTL).
   */
  readonly #finished = new LruCache<unknown>(1024, 60_000);
  #checkpointTimer: NodeJS.Timeout | null = null;

  constructor(
    db: Kysely<Database>,
    options: { sqlite?: SqliteHandle; reader?: Kysely<Database> } = {},
  ) {
    this.#db = db;
    this.#read = options.reader ?? db;
    this.#sqlite = options.sqlite;
  }

  async createJob(job: NewJob): Promise<void> {
    await this.#db
      .insertInto("audit_jobs")
      .values({
        id: job.id,
        status: job.status,
        stage: job.stage,
        file_name: job.fileName,
        requested_year: job.requestedYear,
        created_at: job.createdAt.toISOString(),
        started_at: job.startedAt?.toISOString() ?? null,
        finished_at: null,
        rows_processed: job.rowsProcessed,
        bytes_processed: job.bytesProcessed,
        total_bytes: job.totalBytes,
        error_code: null,
        error_message: null,
        upload_path: job.uploadPath,
        input_sha256: null,
        factor_set_version: null,
        factor_set_sha256: null,
        results_json: null,
        cleaning_json: null,
      })
      .execute();
  }

  /** Progress of an unfinished job; a finished job is never changed by a late update. */
  async updateProgress(id: string, update: ProgressUpdate): Promise<void> {
    await this.#db
      .updateTable("audit_jobs")
      .set({
        stage: update.stage,
        ...(update.status !== undefined && { status: update.status }),
        ...(update.rowsProcessed !== undefined && { rows_processed: update.rowsProcessed }),
        ...(update.bytesProcessed !== undefined && { bytes_processed: update.bytesProcessed }),
        ...(update.startedAt !== undefined && { started_at: update.startedAt.toISOString() }),
      })
      .where("id", "=", id)
      .where("status", "in", ["QUEUED", "RUNNING"])
      .execute();
  }

  /**
   * Stores a finished audit and marks the job SUCCEEDED in one transaction: a reader sees
   * either no results or all of them. Factories are written as `results.factories` yields
   * them (each can be let go once written); `results.totals()` is read after the last one.
   * Replaces any results of an earlier, interrupted run.
   */
  async saveResults(
    id: string,
    results: ResultsToSave,
    finishedAt: Date,
    onFactoriesWritten?: () => void,
  ): Promise<void> {
    this.#finished.deletePrefix(`${id}:`);
    await this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom("factory_audits").where("job_id", "=", id).execute();
      await trx.deleteFrom("row_issues").where("job_id", "=", id).execute();
      if (this.#sqlite !== undefined) await writeRowsSqlite(this.#sqlite, id, results);
      else await writeRowsPortable(trx, id, results);
      onFactoriesWritten?.();
      await trx
        .updateTable("audit_jobs")
        .set({
          status: "SUCCEEDED",
          stage: "done",
          finished_at: finishedAt.toISOString(),
          rows_processed: results.rowsProcessed,
          bytes_processed: results.provenance.inputBytes,
          input_sha256: results.provenance.inputSha256,
          factor_set_version: results.provenance.factorSetVersion,
          factor_set_sha256: results.provenance.factorSetSha256,
          results_json: JSON.stringify(results.totals()),
          cleaning_json: JSON.stringify(results.cleaning),
          error_code: null,
          error_message: null,
        })
        .where("id", "=", id)
        .execute();
    });
    this.#checkpointSoon();
  }

  /**
   * Copies committed pages from SQLite's write-ahead log into the database shortly after a
   * save, once the job has been answered, instead of inside the save's commit (130 ms of a
   * 100,000-factory commit). PASSIVE: it never waits for, or blocks, readers and writers.
   */
  #checkpointSoon(): void {
    const sqlite = this.#sqlite;
    if (sqlite === undefined || this.#checkpointTimer !== null) return;
    this.#checkpointTimer = setTimeout(() => {
      this.#checkpointTimer = null;
      // Not inside another job's save on this connection: SQLite refuses (SQLITE_LOCKED).
      if (sqlite.inTransaction) return this.#checkpointSoon();
      try {
        sqlite.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // Busy or locked: the pages stay safely in the log; the next attempt copies them.
        this.#checkpointSoon();
      }
    }, CHECKPOINT_DELAY_MS);
    this.#checkpointTimer.unref();
  }

  async failJob(id: string, error: JobError, finishedAt: Date): Promise<void> {
    await this.#db
      .updateTable("audit_jobs")
      .set({
        status: "FAILED",
        stage: "done",
        finished_at: finishedAt.toISOString(),
        error_code: error.code,
        error_message: error.message,
      })
      .where("id", "=", id)
      .execute();
  }

  /** A job by id; a finished one from the cache, synchronously (no promise to settle). */
  getJob(id: string): AuditJobRecord | Promise<AuditJobRecord | null> {
    const cached = this.#finished.get(`${id}:job`) as AuditJobRecord | undefined;
    return cached ?? this.#loadJob(id);
  }

  async #loadJob(id: string): Promise<AuditJobRecord | null> {
    const row = await this.#read
      .selectFrom("audit_jobs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    const job = row === undefined ? null : toJobRecord(row);
    if (job !== null && (job.status === "SUCCEEDED" || job.status === "FAILED")) {
      this.#finished.set(`${id}:job`, job);
    }
    return job;
  }

  /** Jobs in the given states, oldest first (for recovery after a restart). */
  async jobsWithStatus(statuses: readonly JobStatus[]): Promise<AuditJobRecord[]> {
    const rows = await this.#read
      .selectFrom("audit_jobs")
      .selectAll()
      .where("status", "in", statuses)
      .orderBy("created_at", "asc")
      .orderBy("id", "asc")
      .execute();
    return rows.map(toJobRecord);
  }

  /** Finished jobs whose finished_at is before the given instant (for retention). */
  async finishedBefore(before: Date): Promise<AuditJobRecord[]> {
    const rows = await this.#read
      .selectFrom("audit_jobs")
      .selectAll()
      .where("status", "in", ["SUCCEEDED", "FAILED"])
      .where("finished_at", "<", before.toISOString())
      .execute();
    return rows.map(toJobRecord);
  }

  /** Newest first; the cursor is the last job's (created_at, id). */
  async listJobs(first: number, after: string | null): Promise<Page<AuditJobRecord>> {
    let query = this.#read.selectFrom("audit_jobs").selectAll();
    if (after !== null) {
      const [createdAt, id] = decodeCursor(after, ["string", "string"] as const);
      query = query.where((eb) => beyond(eb, "created_at", createdAt, "id", id, "<"));
    }
    const rows = await query
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(first + 1)
      .execute();
    const total = await this.#read
      .selectFrom("audit_jobs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return {
      items: rows.slice(0, first).map(toJobRecord),
      hasNextPage: rows.length > first,
      totalCount: Number(total.n),
    };
  }

  /** Factory-years ordered by factory id then year; the cursor is the last one's key. */
  async factories(
    jobId: string,
    filter: FactoryFilter,
    first: number,
    after: string | null,
  ): Promise<Page<StoredFactoryAudit>> {
    const counted = this.#factoriesWhere(jobId, filter).select((eb) =>
      eb.fn.countAll<number>().as("n"),
    );
    const key = after === null ? null : decodeCursor(after, ["string", "number"] as const);
    const rows = await this.#factoryRows(jobId, filter, key, first + 1);
    return {
      items: rows.slice(0, first).map(toFactoryAudit),
      hasNextPage: rows.length > first,
      totalCount: Number((await counted.executeTakeFirstOrThrow()).n),
    };
  }

  /** A job's factory-years matching the filter (the same rows for a page and its count). */
  #factoriesWhere(jobId: string, filter: FactoryFilter) {
    let query = this.#read.selectFrom("factory_audits").where("job_id", "=", jobId);
    if (filter.sector != null) query = query.where("sector", "=", filter.sector);
    if (filter.status != null) query = query.where("status", "=", filter.status);
    return query;
  }

  /** A job's issues matching the filter (the same rows for a page and its count). */
  #issuesWhere(jobId: string, filter: IssueFilter) {
    let query = this.#read.selectFrom("row_issues").where("job_id", "=", jobId);
    if (filter.code != null) query = query.where("code", "=", filter.code);
    if (filter.severity != null) query = query.where("severity", "=", filter.severity);
    return query;
  }

  /** Factory rows after a (factory id, year) key, in that order. */
  #factoryRows(
    jobId: string,
    filter: FactoryFilter,
    after: readonly [string, number] | null,
    limit: number,
  ) {
    return inFactoryOrder(this.#factoriesWhere(jobId, filter).selectAll(), after, limit).execute();
  }

  /** One factory's audit: the given year, or its latest year. */
  async factory(
    jobId: string,
    factoryId: string,
    year: number | null,
  ): Promise<StoredFactoryAudit | null> {
    let query = this.#read
      .selectFrom("factory_audits")
      .selectAll()
      .where("job_id", "=", jobId)
      .where("factory_id", "=", factoryId);
    if (year !== null) query = query.where("year", "=", year);
    const row = await query.orderBy("year", "desc").limit(1).executeTakeFirst();
    return row === undefined ? null : toFactoryAudit(row);
  }

  /**
   * EXCEEDED factory-years of one sector, total descending, ties by factory id then year;
   * from the cache, synchronously, once read.
   */
  violators(
    jobId: string,
    sector: string,
    first: number,
  ): StoredFactoryAudit[] | Promise<StoredFactoryAudit[]> {
    const key = `${jobId}:violators:${sector}:${first}`;
    const cached = this.#finished.get(key) as StoredFactoryAudit[] | undefined;
    return cached ?? this.#loadViolators(key, jobId, sector, first);
  }

  async #loadViolators(
    key: string,
    jobId: string,
    sector: string,
    first: number,
  ): Promise<StoredFactoryAudit[]> {
    const rows = await violatorsQuery(this.#read, jobId, sector, first).execute();
    const violators = rows.map(toFactoryAudit);
    // Only a finished job has violators; its list never changes.
    this.#finished.set(key, violators);
    return violators;
  }

  /** The highest-emitting factory-years of a sector in a year, total descending. */
  async topFactories(
    jobId: string,
    year: number,
    sector: string,
    first: number,
  ): Promise<StoredFactoryAudit[]> {
    const rows = await this.#read
      .selectFrom("factory_audits")
      .selectAll()
      .where("job_id", "=", jobId)
      .where("year", "=", year)
      .where("sector", "=", sector)
      .orderBy("total_emissions_kg", "desc")
      .orderBy("factory_id", "asc")
      .limit(first)
      .execute();
    return rows.map(toFactoryAudit);
  }

  /** The given factories' audits for a year (ids not found are simply absent). */
  async factoriesById(
    jobId: string,
    year: number,
    factoryIds: readonly string[],
  ): Promise<StoredFactoryAudit[]> {
    if (factoryIds.length === 0) return [];
    const rows = await this.#read
      .selectFrom("factory_audits")
      .selectAll()
      .where("job_id", "=", jobId)
      .where("year", "=", year)
      .where("factory_id", "in", factoryIds)
      .orderBy("total_emissions_kg", "desc")
      .execute();
    return rows.map(toFactoryAudit);
  }

  /** Per sector for one year: factory-years, total, caps summed, and how many exceeded. */
  async sectorTotals(jobId: string, year: number): Promise<SectorTotals[]> {
    const rows = await this.#read
      .selectFrom("factory_audits")
      .select((eb) => [
        "sector",
        eb.fn.countAll<number>().as("factories"),
        eb.fn.sum<number>("total_emissions_kg").as("total_kg"),
        eb.fn.sum<number>("cap_kg").as("caps_kg"),
        eb.fn.max<number>("cap_kg").as("cap_kg"),
        eb.fn
          .sum<number>(eb.case().when("status", "=", "EXCEEDED").then(1).else(0).end())
          .as("over_cap"),
      ])
      .where("job_id", "=", jobId)
      .where("year", "=", year)
      .groupBy("sector")
      .orderBy("sector", "asc")
      .execute();
    return rows.map((r) => ({
      sector: r.sector,
      factories: Number(r.factories),
      totalEmissionsKg: Number(r.total_kg),
      capsKg: Number(r.caps_kg),
      capKg: Number(r.cap_kg),
      factoriesOverCap: Number(r.over_cap),
    }));
  }

  /** Every issue of a job in line order, a page at a time (for the row-issues CSV). */
  async *allIssues(jobId: string): AsyncGenerator<StoredRowIssue> {
    for (let after = 0; ; ) {
      const rows = await this.#issueRows(jobId, {}, after, EXPORT_PAGE);
      yield* rows.map(toRowIssue);
      const last = rows.at(-1);
      if (rows.length < EXPORT_PAGE || last === undefined) return;
      after = Number(last.seq);
    }
  }

  /**
   * Every factory-year of a job in factory order, without its months, a page at a time (for
   * the summary CSV: the months were half of what it read, and most of its time).
   */
  async *allFactories(jobId: string): AsyncGenerator<FactoryAudit> {
    for (let after: [string, number] | null = null; ; ) {
      const totals = this.#factoriesWhere(jobId, {}).select(TOTALS_COLUMNS);
      const rows = await inFactoryOrder(totals, after, EXPORT_PAGE).execute();
      yield* rows.map(toFactoryTotals);
      const last = rows.at(-1);
      if (rows.length < EXPORT_PAGE || last === undefined) return;
      after = [last.factory_id, Number(last.year)];
    }
  }

  async issues(
    jobId: string,
    filter: IssueFilter,
    first: number,
    after: string | null,
  ): Promise<Page<StoredRowIssue>> {
    const counted = this.#issuesWhere(jobId, filter).select((eb) =>
      eb.fn.countAll<number>().as("n"),
    );
    const key = after === null ? 0 : decodeCursor(after, ["number"] as const)[0];
    const rows = await this.#issueRows(jobId, filter, key, first + 1);
    return {
      items: rows.slice(0, first).map(toRowIssue),
      hasNextPage: rows.length > first,
      totalCount: Number((await counted.executeTakeFirstOrThrow()).n),
    };
  }

  /** Issue rows after a sequence number, in order. */
  #issueRows(jobId: string, filter: IssueFilter, after: number, limit: number) {
    return this.#issuesWhere(jobId, filter)
      .selectAll()
      .where("seq", ">", after)
      .orderBy("seq", "asc")
      .limit(limit)
      .execute();
  }

  /** Removes the job and everything stored for it; false when there was no such job. */
  async deleteJob(id: string): Promise<boolean> {
    this.#finished.deletePrefix(`${id}:`);
    return this.#db.transaction().execute(async (trx) => {
      await trx.deleteFrom("row_issues").where("job_id", "=", id).execute();
      await trx.deleteFrom("factory_audits").where("job_id", "=", id).execute();
      const result = await trx.deleteFrom("audit_jobs").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  /** A trivial query, for health checks. */
  async ping(): Promise<void> {
    await this.#read.selectFrom("audit_jobs").select("id").limit(1).execute();
  }

  async close(): Promise<void> {
    if (this.#checkpointTimer !== null) clearTimeout(this.#checkpointTimer);
    if (this.#read !== this.#db) await this.#read.destroy();
    await this.#db.destroy();
  }
}

/**
 * Keyset pagination on (major, minor): the rows after the key in that order (">"), or
 * before it ("<", for descending lists).
 */
function beyond<TB extends keyof Database>(
  eb: ExpressionBuilder<Database, TB>,
  major: StringReference<Database, TB>,
  majorValue: string,
  minor: StringReference<Database, TB>,
  minorValue: string | number,
  direction: ">" | "<",
): ExpressionWrapper<Database, TB, SqlBool> {
  // A value's type cannot be checked against a generic column reference; callers pass the
  // cursor's own typed key.
  return eb.or([
    eb(major, direction, majorValue as never),
    eb.and([eb(major, "=", majorValue as never), eb(minor, direction, minorValue as never)]),
  ]);
}

/**
 * A literal, not a parameter, so that a planner preparing one plan for any value (PostgreSQL's
 * generic plans) still sees that the partial index on violators (migration 0002) applies.
 */
const VIOLATOR_STATUS = sql.lit<ComplianceStatus>("EXCEEDED");

/** A sector's violators, largest total first (exported for the test of its query plan). */
export function violatorsQuery(db: Kysely<Database>, jobId: string, sector: string, first: number) {
  return db
    .selectFrom("factory_audits")
    .selectAll()
    .where("job_id", "=", jobId)
    .where("status", "=", VIOLATOR_STATUS)
    .where("sector", "=", sector)
    .orderBy("total_emissions_kg", "desc")
    .orderBy("factory_id", "asc")
    .orderBy("year", "asc")
    .limit(first);
}

/** How long after a save its checkpoint runs (the job is answered well before). */
const CHECKPOINT_DELAY_MS = 250;

/** A factory-audits query's rows after a (factory id, year) key, in that order. */
function inFactoryOrder<O>(
  query: SelectQueryBuilder<Database, "factory_audits", O>,
  after: readonly [string, number] | null,
  limit: number,
): SelectQueryBuilder<Database, "factory_audits", O> {
  const keyed =
    after === null
      ? query
      : query.where((eb) => beyond(eb, "factory_id", after[0], "year", after[1], ">"));
  return keyed.orderBy("factory_id", "asc").orderBy("year", "asc").limit(limit);
}

/** Rows per query when a whole job is exported. */
const EXPORT_PAGE = 5000;

async function writeRowsSqlite(
  sqlite: SqliteHandle,
  jobId: string,
  results: ResultsToSave,
): Promise<void> {
  const insert = (table: string, columns: readonly string[]) =>
    sqlite.prepare(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`,
    );
  // Positional parameters: binding thirteen named ones per row cost a tenth of the insert.
  const insertFactory = sqlite.prepare(
    `INSERT INTO factory_audits (${FACTORY_COLUMNS.join(", ")}) VALUES (${FACTORY_COLUMNS.map(() => "?").join(", ")})`,
  );
  const insertIssue = insert("row_issues", ISSUE_COLUMNS);
  for await (const batch of results.factories) {
    for (let i = 0; i < batch.count; i++) {
      const audit = factoryAudit(batch, i);
      insertFactory.run(
        jobId,
        audit.factoryId,
        audit.year,
        audit.sector,
        audit.totalEmissionsKg,
        audit.maxMonthlyKg,
        audit.avgMonthlyKg,
        audit.alerts,
        audit.status,
        audit.firstExceededMonth,
        audit.capKg,
        audit.monthsReported,
        packMonths(flatMonths(batch, i)),
      );
    }
    // Writes are synchronous: the event loop runs between batches.
    await yieldToEventLoop();
  }
  let seq = 0;
  for (const issue of results.issues) insertIssue.run(issueRow(jobId, ++seq, issue));
}

async function writeRowsPortable(
  trx: Transaction<Database>,
  jobId: string,
  results: ResultsToSave,
): Promise<void> {
  for await (const batch of results.factories) {
    const rows = Array.from({ length: batch.count }, (_, i) =>
      factoryRow(jobId, factoryAudit(batch, i), flatMonths(batch, i)),
    );
    for (const chunk of batches(rows, INSERT_BATCH)) {
      await trx.insertInto("factory_audits").values(chunk).execute();
    }
  }
  let seq = 0;
  for (const issues of batches(results.issues, INSERT_BATCH)) {
    await trx
      .insertInto("row_issues")
      .values(issues.map((issue, i) => issueRow(jobId, seq + i + 1, issue)))
      .execute();
    seq += issues.length;
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const FACTORY_COLUMNS = [
  "job_id",
  "factory_id",
  "year",
  "sector",
  "total_emissions_kg",
  "max_monthly_kg",
  "avg_monthly_kg",
  "alerts",
  "status",
  "first_exceeded_month",
  "cap_kg",
  "months_reported",
  "months_packed",
] as const satisfies readonly (keyof FactoryAuditsTable)[];

const ISSUE_COLUMNS = [
  "job_id",
  "seq",
  "line",
  "column_name",
  "value",
  "code",
  "severity",
  "message",
] as const satisfies readonly (keyof RowIssuesTable)[];

function* batches<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}

function factoryRow(jobId: string, audit: FactoryAudit, months: Float64Array): FactoryAuditsTable {
  return {
    job_id: jobId,
    factory_id: audit.factoryId,
    year: audit.year,
    sector: audit.sector,
    total_emissions_kg: audit.totalEmissionsKg,
    max_monthly_kg: audit.maxMonthlyKg,
    avg_monthly_kg: audit.avgMonthlyKg,
    alerts: audit.alerts,
    status: audit.status,
    first_exceeded_month: audit.firstExceededMonth,
    cap_kg: audit.capKg,
    months_reported: audit.monthsReported,
    months_packed: encodeMonths(months),
  };
}

function issueRow(jobId: string, seq: number, issue: RowIssue): RowIssuesTable {
  return {
    job_id: jobId,
    seq,
    line: issue.line,
    column_name: issue.column,
    value: issue.value,
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
  };
}

const toDate = (value: string | null): Date | null => (value === null ? null : new Date(value));

function toJobRecord(row: Selectable<AuditJobsTable>): AuditJobRecord {
  return {
    id: row.id,
    status: row.status as JobStatus,
    stage: row.stage as JobStage,
    fileName: row.file_name,
    requestedYear: row.requested_year,
    createdAt: new Date(row.created_at),
    startedAt: toDate(row.started_at),
    finishedAt: toDate(row.finished_at),
    rowsProcessed: Number(row.rows_processed),
    bytesProcessed: Number(row.bytes_processed),
    totalBytes: row.total_bytes === null ? null : Number(row.total_bytes),
    error:
      row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? "" },
    uploadPath: row.upload_path,
    provenance:
      row.input_sha256 === null
        ? null
        : {
            inputSha256: row.input_sha256,
            inputBytes: Number(row.bytes_processed),
            factorSetVersion: row.factor_set_version ?? "",
            factorSetSha256: row.factor_set_sha256 ?? "",
          },
    results: row.results_json === null ? null : (JSON.parse(row.results_json) as StoredResults),
    cleaning:
      row.cleaning_json === null ? null : (JSON.parse(row.cleaning_json) as StoredCleaningReport),
  };
}

/** Every column but the months. */
const TOTALS_COLUMNS = FACTORY_COLUMNS.filter(
  (column): column is Exclude<(typeof FACTORY_COLUMNS)[number], "months_packed"> =>
    column !== "months_packed",
);

function toFactoryTotals(row: Omit<Selectable<FactoryAuditsTable>, "months_packed">): FactoryAudit {
  return {
    factoryId: row.factory_id,
    sector: row.sector,
    year: Number(row.year),
    totalEmissionsKg: Number(row.total_emissions_kg),
    maxMonthlyKg: Number(row.max_monthly_kg),
    avgMonthlyKg: Number(row.avg_monthly_kg),
    alerts: Number(row.alerts),
    status: row.status as ComplianceStatus,
    firstExceededMonth: row.first_exceeded_month === null ? null : Number(row.first_exceeded_month),
    capKg: Number(row.cap_kg),
    monthsReported: Number(row.months_reported),
  };
}

function toFactoryAudit(row: Selectable<FactoryAuditsTable>): StoredFactoryAudit {
  const totals = toFactoryTotals(row);
  return {
    ...totals,
    // Parsed only when a client asks for the months.
    get months() {
      return monthsFromParts(decodeMonths(row.months_packed), totals.capKg);
    },
  };
}

function toRowIssue(row: Selectable<RowIssuesTable>): StoredRowIssue {
  return {
    seq: Number(row.seq),
    line: Number(row.line),
    column: row.column_name,
    value: row.value,
    code: row.code as IssueCode,
    severity: row.severity as IssueSeverity,
    message: row.message,
  };
}
