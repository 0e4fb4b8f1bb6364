export type CsvFileErrorCode =
  | "EMPTY_FILE"
  | "NO_DATA_ROWS"
  | "BINARY_FILE"
  | "UNSUPPORTED_ENCODING"
  | "MISSING_COLUMNS"
  | "DUPLICATE_COLUMNS"
  | "UNTERMINATED_QUOTE"
  | "RECORD_TOO_LARGE"
  | "MALFORMED_CSV";

/** The whole file cannot be audited; the message says what to fix. */
export class CsvFileError extends Error {
  override readonly name = "CsvFileError";
  readonly code: CsvFileErrorCode;
  readonly line: number | null;

  constructor(code: CsvFileErrorCode, message: string, line: number | null = null) {
    super(message);
    this.code = code;
    this.line = line;
  }
}
