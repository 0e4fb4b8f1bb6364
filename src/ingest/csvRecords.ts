import { type CsvError, type Parser, parse } from "csv-parse";

/** Receives what the reader finds, in file order. Lines are 1-based lines of the file. */
export interface RecordHandlers {
  /**
   * A record, and the line it ends on. `readable` is true when the record is known to hold no
   * U+FFFD (what decoding puts for bytes that are not UTF-8) and no NUL, false when unchecked.
   * The array is the reader's and is reused for the next record: copy it to keep it.
   */
  record(fields: string[], endLine: number, readable: boolean): void;
  /** A record csv-parse had to skip, and the line its error names. */
  skipped(error: CsvError | undefined, reportedLine: number | null): void;
}

export interface RecordReaderOptions {
  /** Largest record accepted (csv-parse's max_record_size). */
  readonly maxRecordBytes: number;
  /**
   * Split plain lines (no quotes, one kind of line ending) without csv-parse. On by default;
   * off only to compare against csv-parse in tests.
   */
  readonly plainFastPath?: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BOM = [0xef, 0xbb, 0xbf] as const;

type Mode = "undecided" | "lf" | "crlf";

/**
 * Turns CSV bytes into records exactly as csv-parse (bom, relax_column_count,
 * skip_records_with_error, max_record_size) would, line numbers included.
 *
 * csv-parse examines every byte in JavaScript and takes about as long as the rest of the
 * audit. Most uploads are plain: no quotes, every line ending the same way. While that holds,
 * whole chunks are decoded at once and split natively; at the first line that is not plain
 * (a quote, a stray CR, an overlong line, the last unterminated line if odd) the reader hands
 * everything from that line on to csv-parse, told the line ending it would have discovered and
 * how many lines came before. csv-parse starts each record from the same state, so what it
 * reads from there is what it would have read from the whole file.
 */
export class CsvRecordReader {
  readonly #handlers: RecordHandlers;
  readonly #maxRecordBytes: number;
  /** Lines longer than this (in UTF-16 units) may exceed maxRecordBytes (3 bytes a unit). */
  readonly #maxPlainLineLength: number;
  #mode: Mode;
  #pending: Buffer = Buffer.alloc(0);
  #atStart = true;
  /** A hand-over before any line was read must not look for a BOM that was already dropped. */
  #bomDropped = false;
  #linesDone = 0;
  #parser: Parser | null = null;
  /** Reused for every plain record: handlers read a record's fields before the next one. */
  readonly #fields: string[] = [];
  #parserDone: Promise<void> | null = null;

  constructor(handlers: RecordHandlers, options: RecordReaderOptions) {
    this.#handlers = handlers;
    this.#maxRecordBytes = options.maxRecordBytes;
    this.#maxPlainLineLength = Math.floor(options.maxRecordBytes / 3) - 2;
    this.#mode = "undecided";
    if (options.plainFastPath === false) this.#handOver(Buffer.alloc(0), null);
  }

  /** Whether csv-parse has taken over (the input was not plain from some line on). */
  get handedOver(): boolean {
    return this.#parser !== null;
  }

  /** Reads a chunk. Resolve the returned promise (if any) before writing more. */
  write(chunk: Uint8Array): Promise<void> | undefined {
    if (this.#parser !== null) return this.#writeToParser(chunk);
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#pending = this.#pending.length === 0 ? bytes : Buffer.concat([this.#pending, bytes]);
    this.#readPlain(false);
    return this.#parser === null ? undefined : this.#writeToParser(Buffer.alloc(0));
  }

  /** Reads what is left; resolves once every record has been handed out. */
  async end(): Promise<void> {
    if (this.#parser === null) this.#readPlain(true);
    if (this.#parser === null) return;
    this.#parser.end();
    await this.#parserDone;
  }

  destroy(): void {
    this.#parser?.destroy();
  }

  #writeToParser(chunk: Uint8Array): Promise<void> | undefined {
    const parser = this.#parser as Parser;
    if (chunk.byteLength === 0 || parser.write(chunk)) return undefined;
    return Promise.race([
      new Promise<void>((resolve) => parser.once("drain", () => resolve())),
      this.#parserDone as Promise<void>,
    ]);
  }

  #readPlain(atEnd: boolean): void {
    let buf = this.#pending;
    if (this.#atStart) {
      if (buf.length < BOM.length && !atEnd) return;
      this.#atStart = false;
      if (buf[0] === BOM[0] && buf[1] === BOM[1] && buf[2] === BOM[2]) {
        buf = buf.subarray(BOM.length);
        this.#bomDropped = true;
      }
    }
    if (this.#mode === "undecided") {
      const mode = lineEndingOf(buf);
      if (mode === "unknown" || (mode === "undecided" && atEnd)) {
        this.#handOver(buf, null);
        return;
      }
      if (mode === "undecided") {
        this.#keep(buf);
        return;
      }
      this.#mode = mode;
    }
    const lastLf = buf.lastIndexOf(LF);
    const complete = lastLf < 0 ? buf.subarray(0, 0) : buf.subarray(0, lastLf + 1);
    const unplainAt = this.#firstUnplainByte(complete);
    const plainEnd = unplainAt < 0 ? complete.length : complete.lastIndexOf(LF, unplainAt) + 1;
    const handOverAt = this.#readPlainLines(buf, plainEnd);
    if (handOverAt >= 0 || unplainAt >= 0) {
      this.#handOver(buf.subarray(handOverAt >= 0 ? handOverAt : plainEnd), this.#mode);
      return;
    }
    const rest = buf.subarray(complete.length);
    if (!atEnd) {
      if (rest.length > this.#maxPlainLineLength) this.#handOver(rest, this.#mode);
      else this.#keep(rest);
      return;
    }
    if (rest.length === 0) return;
    if (rest.length > this.#maxPlainLineLength || this.#firstUnplainByte(rest) >= 0) {
      this.#handOver(rest, this.#mode);
      return;
    }
    this.#linesDone += 1;
    this.#handlers.record(rest.toString("utf8").split(","), this.#linesDone, false);
  }

  /** A quote anywhere; a CR anywhere in LF files (CRLF files are checked line by line). */
  #firstUnplainByte(bytes: Buffer): number {
    const quote = bytes.indexOf(QUOTE);
    if (this.#mode === "crlf") return quote;
    const cr = bytes.indexOf(CR);
    return quote < 0 ? cr : cr < 0 ? quote : Math.min(quote, cr);
  }

  /**
   * Hands out the lines in buf[0, end); answers the byte offset of the first line that is not
   * plain after all (a long line, or a CRLF file's odd line ending), or -1.
   */
  #readPlainLines(buf: Buffer, end: number): number {
    if (end === 0) return -1;
    const text = buf.toString("utf8", 0, end);
    const readable = !text.includes("\uFFFD") && !text.includes("\u0000");
    const lines = text.split("\n");
    const crlf = this.#mode === "crlf";
    const count = lines.length - 1; // the text ends with "\n": the last piece is empty
    for (let i = 0; i < count; i++) {
      let line = lines[i] as string;
      if (line.length > this.#maxPlainLineLength) return byteOffsetOfLine(buf, i);
      if (crlf) {
        const cr = line.indexOf("\r");
        if (cr < 0 || cr !== line.length - 1) return byteOffsetOfLine(buf, i);
        line = line.slice(0, cr);
      }
      this.#linesDone += 1;
      this.#handlers.record(splitInto(this.#fields, line), this.#linesDone, readable);
    }
    return -1;
  }

  #keep(rest: Buffer): void {
    // A copy, so that the caller's (possibly large) chunk is not held by a small remainder.
    this.#pending = Buffer.from(rest);
  }

  #handOver(rest: Buffer, mode: Mode | null): void {
    this.#pending = Buffer.alloc(0);
    const handlers = this.#handlers;
    const parser = parse({
      bom: this.#linesDone === 0 && mode === null && !this.#bomDropped,
      relax_column_count: true,
      skip_records_with_error: true,
      max_record_size: this.#maxRecordBytes,
      ...(mode === "lf" ? { record_delimiter: "\n" } : {}),
      ...(mode === "crlf" ? { record_delimiter: "\r\n" } : {}),
      on_skip: (error: CsvError | undefined) => {
        handlers.skipped(error, typeof error?.lines === "number" ? error.lines : null);
        return undefined;
      },
    });
    // csv-parse counts on from the lines already read, so that its records' line numbers and
    // its error messages ("at line N") are the file's. `info` is the counter it increments;
    // it is typed read-only because it is meant to be read.
    (parser.info as { lines: number }).lines = this.#linesDone + 1;
    // 'data' fires synchronously as each record ends, so `info.lines` is that record's last line.
    parser.on("data", (record: string[]) => handlers.record(record, parser.info.lines, false));
    this.#parserDone = new Promise<void>((resolve, reject) => {
      parser.on("end", resolve);
      parser.on("error", reject);
    });
    this.#parser = parser;
    if (rest.length > 0) parser.write(rest);
  }
}

/**
 * The line ending csv-parse would discover (the first CR or LF outside quotes decides), if
 * it is one the plain path reads: "unknown" when a quote comes first or lines end in a lone
 * CR, "undecided" when no line has ended yet.
 */
function lineEndingOf(buf: Buffer): "lf" | "crlf" | "unknown" | "undecided" {
  const lf = buf.indexOf(LF);
  const cr = buf.indexOf(CR);
  const quote = buf.indexOf(QUOTE);
  const firstEnd = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  if (quote >= 0 && (firstEnd < 0 || quote < firstEnd)) return "unknown";
  if (firstEnd < 0) return "undecided";
  if (firstEnd === lf) return "lf";
  if (cr + 1 === buf.length) return "undecided"; // is a LF next?
  return buf[cr + 1] === LF ? "crlf" : "unknown";
}

function byteOffsetOfLine(buf: Buffer, index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) offset = buf.indexOf(LF, offset) + 1;
  return offset;
}

/** Splits a line at commas into `fields`, reusing the array. */
function splitInto(fields: string[], line: string): string[] {
  let count = 0;
  let start = 0;
  for (let comma = line.indexOf(","); comma >= 0; comma = line.indexOf(",", start)) {
    fields[count++] = line.slice(start, comma);
    start = comma + 1;
  }
  fields[count++] = line.slice(start);
  fields.length = count;
  return fields;
}
