import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { migrateToLatest } from "./migrations.ts";
import type { Database } from "./tables.ts";

/**
 * Opens (creating if need be) the SQLite database in WAL mode and brings its schema up to
 * date. The rest of the code speaks kysely only, so a PostgreSQL dialect can take its place.
 */
/** The SQLite connection kysely runs on, for the store's bulk writes. */
export type SqliteHandle = SQLite.Database;

export interface SqliteDatabases {
  /** The one connection that writes (and runs migrations). */
  readonly db: Kysely<Database>;
  readonly sqlite: SqliteHandle;
  /** A read-only connection: in WAL mode it reads the last commit while a write is under way. */
  readonly reader: Kysely<Database>;
}

export async function openSqliteDatabase(path: string): Promise<SqliteDatabases> {
  mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged job survives power loss, not only a crash of the process.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  // Checkpoints are the store's to run (JobStore.#checkpointSoon): left automatic, copying a
  // large audit from the WAL into the database would happen inside that audit's commit.
  sqlite.pragma("wal_autocheckpoint = 0");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db as Kysely<unknown>);
  const readOnly = new SQLite(path, { readonly: true });
  readOnly.pragma("busy_timeout = 5000");
  const reader = new Kysely<Database>({ dialect: new SqliteDialect({ database: readOnly }) });
  return { db, sqlite, reader };
}
