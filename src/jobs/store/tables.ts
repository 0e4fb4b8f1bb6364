/**
 * Table shapes, in types both SQLite and PostgreSQL hold: TEXT, INTEGER/BIGINT and REAL /
 * double precision (which round-trip every JS number exactly). Timestamps are ISO-8601 text.
 */
export interface AuditJobsTable {
  id: string;
  status: string;
  stage: string;
  file_name: string;
  requested_year: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  rows_processed: number;
  bytes_processed: number;
  total_bytes: number | null;
  error_code: string | null;
  error_message: string | null;
  upload_path: string | null;
  input_sha256: string | null;
  factor_set_version: string | null;
  factor_set_sha256: string | null;
  /** JSON: summary, sector breakdown and violator counts per sector. */
  results_json: string | null;
  /** JSON: the cleaning report without its issues (those are rows of row_issues). */
  cleaning_json: string | null;
}

export interface FactoryAuditsTable {
  job_id: string;
  factory_id: string;
  year: number;
  sector: string;
  total_emissions_kg: number;
  max_monthly_kg: number;
  avg_monthly_kg: number;
  alerts: number;
  status: string;
  first_exceeded_month: number | null;
  cap_kg: number;
  months_reported: number;
  /** The months in calendar order, packed by monthsCodec: bytes on SQLite, base64 text on PostgreSQL. */
  months_packed: string | Uint8Array;
}

export interface RowIssuesTable {
  job_id: string;
  seq: number;
  line: number;
  column_name: string | null;
  value: string | null;
  code: string;
  severity: string;
  message: string;
}

export interface Database {
  audit_jobs: AuditJobsTable;
  factory_audits: FactoryAuditsTable;
  row_issues: RowIssuesTable;
}
