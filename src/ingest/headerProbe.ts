import { parse } from "csv-parse/sync";
import { resolveHeader } from "./columns.ts";
import { CsvFileError } from "./fileError.ts";
import { sniffContent } from "./sniff.ts";

const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Checks the start of a file (its signature and its header) while the file is only being
 * stored, so that an unusable file is refused at once even when its audit must wait.
 */
export class HeaderProbe {
  readonly #head: Buffer[] = [];
  #headBytes = 0;
  #checked = false;
  #error: CsvFileError | null = null;

  /** Feeds the next chunk; returns the file's fatal problem once one is known. */
  feed(chunk: Uint8Array): CsvFileError | null {
    if (this.#checked || chunk.byteLength === 0) return this.#error;
    if (this.#headBytes === 0) {
      this.#error = sniffContent(chunk);
      if (this.#error !== null) {
        this.#checked = true;
        return this.#error;
      }
    }
    this.#head.push(Buffer.from(chunk));
    this.#headBytes += chunk.byteLength;
    const head = Buffer.concat(this.#head);
    const firstLine = firstNonBlankLine(head);
    if (firstLine !== null || this.#headBytes >= MAX_HEADER_BYTES) this.#check(firstLine ?? head);
    return this.#error;
  }

  /** After the last chunk: the problem, if any, with what was seen. */
  finish(totalBytes: number): CsvFileError | null {
    if (totalBytes === 0) {
      return new CsvFileError(
        "EMPTY_FILE",
        "the file is empty; upload a CSV with a header and monthly rows",
      );
    }
    if (!this.#checked) this.#check(Buffer.concat(this.#head));
    return this.#error;
  }

  #check(line: Buffer): void {
    this.#checked = true;
    let records: string[][];
    try {
      records = parse(line, {
        bom: true,
        relax_column_count: true,
        skip_empty_lines: true,
        to_line: 1,
      });
    } catch {
      return; // the full parse reports unreadable CSV with its line
    }
    const header = records[0];
    if (header === undefined) return;
    try {
      resolveHeader(header, 1);
    } catch (error) {
      if (error instanceof CsvFileError) this.#error = error;
      else throw error;
    }
  }
}

/** The first line with text, without its line break, or null when none has ended yet. */
function firstNonBlankLine(head: Buffer): Buffer | null {
  let start = 0;
  while (start < head.length) {
    const end = head.indexOf(0x0a, start);
    if (end === -1) return null;
    const line = head.subarray(start, end);
    if (line.toString("utf8").trim().length > 0) return line;
    start = end + 1;
  }
  return null;
}
