import { CsvFileError } from "./fileError.ts";

const SNIFF_BYTES = 8192;

const SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a zip archive (an .xlsx workbook is one)" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel (.xls) workbook" },
];

/** Looks at the first bytes of a file for signs that it is not UTF-8 CSV text. */
export function sniffContent(firstChunk: Uint8Array): CsvFileError | null {
  const head = firstChunk.subarray(0, SNIFF_BYTES);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return new CsvFileError(
      "UNSUPPORTED_ENCODING",
      "the file is UTF-16 text; save it as CSV UTF-8 and upload again",
    );
  }
  for (const signature of SIGNATURES) {
    if (signature.bytes.every((byte, i) => head[i] === byte)) {
      return new CsvFileError(
        "BINARY_FILE",
        `the file is ${signature.what}, not CSV text; export it as CSV`,
      );
    }
  }
  if (head.includes(0)) {
    return new CsvFileError("BINARY_FILE", "the file holds binary data (NUL bytes), not CSV text");
  }
  return null;
}
