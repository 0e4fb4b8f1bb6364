import type { CsvError } from "csv-parse";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/generator/productionData.ts";
import { CsvRecordReader } from "../../src/ingest/csvRecords.ts";

type Event =
  | { record: string[]; line: number }
  | { skipped: string | undefined; line: number | null; message: string | undefined };

async function read(
  bytes: Buffer,
  chunkSizes: readonly number[],
  plainFastPath: boolean,
  maxRecordBytes = 64 * 1024,
): Promise<Event[]> {
  return (await readWith(bytes, chunkSizes, plainFastPath, maxRecordBytes)).events;
}

async function readWith(
  bytes: Buffer,
  chunkSizes: readonly number[],
  plainFastPath: boolean,
  maxRecordBytes = 64 * 1024,
): Promise<{ events: Event[]; handedOver: boolean }> {
  const events: Event[] = [];
  const reader = new CsvRecordReader(
    {
      record: (fields, line) => events.push({ record: [...fields], line }),
      skipped: (error: CsvError | undefined, line) =>
        events.push({ skipped: error?.code, line, message: error?.message }),
    },
    { maxRecordBytes, plainFastPath },
  );
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = chunkSizes[i++ % chunkSizes.length] ?? bytes.length;
    await reader.write(bytes.subarray(offset, offset + size));
    offset += size;
  }
  await reader.end();
  return { events: untilFatal(events), handedOver: reader.handedOver };
}

/** The cleaner stops reading at these; what csv-parse says after them depends on chunking. */
const FATAL = new Set(["CSV_QUOTE_NOT_CLOSED", "CSV_MAX_RECORD_SIZE"]);

function untilFatal(events: Event[]): Event[] {
  const fatal = events.findIndex((event) => "skipped" in event && FATAL.has(event.skipped ?? ""));
  return fatal < 0 ? events : events.slice(0, fatal + 1);
}

const PLAIN_PIECES = ["FAC_A", "Steel", "12", "3.5", "", " ", "é", "東京", "a b"];
const ODD_PIECES = [
  '"',
  '""',
  '"x,y"',
  "\r",
  "\r\n",
  "\n",
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
];

/** Mostly plain lines, with quotes, stray line endings and broken UTF-8 sprinkled in. */
function randomCsv(next: () => number, ending: string, oddness: number): Buffer {
  const parts: (string | Buffer)[] = [];
  if (next() < 0.2) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  const lines = 1 + Math.floor(next() * 30);
  for (let line = 0; line < lines; line++) {
    const fields = 1 + Math.floor(next() * 5);
    for (let field = 0; field < fields; field++) {
      if (field > 0) parts.push(",");
      const pieces = next() < 0.8 ? 1 : 2;
      for (let p = 0; p < pieces; p++) {
        const odd = next() < oddness;
        const from = odd ? ODD_PIECES : PLAIN_PIECES;
        parts.push(from[Math.floor(next() * from.length)] as string | Buffer);
      }
    }
    if (line < lines - 1 || next() < 0.7) parts.push(ending);
  }
  return Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : part)));
}

describe("the plain-line fast path reads what csv-parse reads", () => {
  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])(
    "random %s files: same records, same line numbers, same errors, any chunking",
    async (_name, ending) => {
      for (let seed = 1; seed <= 400; seed++) {
        const next = seededRandom(seed);
        const oddness = [0, 0.01, 0.05, 0.2][seed % 4] as number;
        const bytes = randomCsv(next, ending, oddness);
        const chunks = [1 + Math.floor(next() * 40), 1 + Math.floor(next() * 7)];
        const expected = await read(bytes, [bytes.length], false);
        const { events: actual, handedOver } = await readWith(bytes, chunks, true);
        if (oddness === 0 && ending !== "\r") expect(handedOver, `seed ${seed}`).toBe(false);
        expect(actual, `seed ${seed}: ${JSON.stringify(bytes.toString("latin1"))}`).toEqual(
          expected,
        );
      }
    },
  );

  it("hands a record over a small size limit to csv-parse, which reports it", async () => {
    const bytes = Buffer.from(`a,b\n1,2\n${"x".repeat(300)},3\n4,5\n`);
    const expected = await read(bytes, [bytes.length], false, 100);
    const actual = await read(bytes, [64], true, 100);
    expect(actual).toEqual(expected);
    expect(actual.find((event) => "skipped" in event)).toMatchObject({
      skipped: "CSV_MAX_RECORD_SIZE",
    });
  });

  it("numbers lines after a hand-over as csv-parse would, in its messages too", async () => {
    const bytes = Buffer.from('a,b\n1,2\n3,4\n5,"6"x\n7,8\n');
    const events = await read(bytes, [5], true);
    expect(events).toEqual(await read(bytes, [bytes.length], false));
    expect(events.slice(0, 4)).toEqual([
      { record: ["a", "b"], line: 1 },
      { record: ["1", "2"], line: 2 },
      { record: ["3", "4"], line: 3 },
      expect.objectContaining({ skipped: "CSV_INVALID_CLOSING_QUOTE", line: 4 }),
    ]);
    expect((events[3] as { message: string }).message).toContain("at line 4");
  });

  it("reads a plain file without csv-parse and drops a UTF-8 BOM", async () => {
    const bytes = Buffer.from("\uFEFFfactory_id,sector\r\nF1,Steel\r\n\r\nF2,Textile");
    const { events, handedOver } = await readWith(bytes, [3], true);
    expect(handedOver).toBe(false);
    expect(events).toEqual([
      { record: ["factory_id", "sector"], line: 1 },
      { record: ["F1", "Steel"], line: 2 },
      { record: [""], line: 3 },
      { record: ["F2", "Textile"], line: 4 },
    ]);
  });
});
