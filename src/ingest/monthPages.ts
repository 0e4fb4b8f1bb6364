import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export const MONTHS = 12;
/** production tons, energy MWh, raw material tons. */
export const VALUES_PER_MONTH = 3;
export const PAGE_BITS = 12;
/** Factory-years per page. */
export const PAGE_SIZE = 1 << PAGE_BITS;
export const PAGE_MASK = PAGE_SIZE - 1;

/** The months of PAGE_SIZE factory-years: line (0: not reported), values, energy source. */
export interface MonthPage {
  readonly lines: Uint32Array;
  readonly values: Float64Array;
  readonly sources: Uint8Array;
}

const LINES_BYTES = PAGE_SIZE * MONTHS * 4;
const VALUES_BYTES = PAGE_SIZE * MONTHS * VALUES_PER_MONTH * 8;
const SOURCES_BYTES = PAGE_SIZE * MONTHS;
/** A page as stored in the spill file (~1.4 MB). */
const PAGE_BYTES = LINES_BYTES + VALUES_BYTES + SOURCES_BYTES;

export interface SpillOptions {
  /** Directory for the spill file, which is unlinked as soon as it is open. */
  readonly dir: string;
  /** Pages kept in memory; the least recently used of the rest are written out. */
  readonly residentPages: number;
}

/**
 * The month pages of a collector. Without spill options every page stays in memory. With
 * them, at most `residentPages` are in memory and the least recently used are written to a
 * file and read back when touched again: rows of a factory-year usually come together, so a
 * file of many years keeps only the pages it is filling in memory, and the final pass reads
 * the rest back in order. Input in no useful order (a page evicted and read back more than
 * four times per page on average) stops the spilling: the pages then stay in memory.
 */
export class MonthPages {
  readonly #spill: SpillOptions | undefined;
  /** Per page: in memory, or null when only in the file. */
  readonly #resident: (MonthPage | null)[] = [];
  readonly #lastUse: number[] = [];
  readonly #dirty: boolean[] = [];
  readonly #inFile: boolean[] = [];
  #residentCount = 0;
  #clock = 0;
  #reloads = 0;
  #spilling: boolean;
  #file: { readonly fd: number } | null = null;

  constructor(spill?: SpillOptions) {
    this.#spill = spill;
    this.#spilling = spill !== undefined;
  }

  get count(): number {
    return this.#resident.length;
  }

  /** Pages written to the spill file, and read back from it, so far. */
  get spillCounts(): { readonly pagesWritten: number; readonly pagesRead: number } {
    return { pagesWritten: this.#inFile.filter(Boolean).length, pagesRead: this.#reloads };
  }

  /** A new, empty page at the end. */
  add(): MonthPage {
    const page = this.#makeRoom() ?? newPage();
    page.lines.fill(0);
    this.#resident.push(page);
    this.#lastUse.push(++this.#clock);
    this.#dirty.push(true);
    this.#inFile.push(false);
    this.#residentCount += 1;
    return page;
  }

  /** Page `index`, read back from the spill file if it was written out; `write` marks it changed. */
  get(index: number, write: boolean): MonthPage {
    let page = this.#resident[index];
    if (page === undefined) throw new RangeError(`no month page ${index}`);
    if (page === null) {
      page = this.#makeRoom() ?? newPage();
      this.#read(index, page);
      this.#resident[index] = page;
      this.#residentCount += 1;
      this.#reloads += 1;
      if (this.#reloads > 4 * this.#resident.length + 64) this.#spilling = false;
    }
    this.#lastUse[index] = ++this.#clock;
    if (write) this.#dirty[index] = true;
    return page;
  }

  /** Closes the spill file (which has no name: closing it frees its space). */
  dispose(): void {
    if (this.#file === null) return;
    closeSync(this.#file.fd);
    this.#file = null;
  }

  /** Evicts the least recently used page if memory is full; answers its arrays for reuse. */
  #makeRoom(): MonthPage | null {
    const spill = this.#spill;
    if (!this.#spilling || spill === undefined || this.#residentCount < spill.residentPages) {
      return null;
    }
    let victim = -1;
    for (let i = 0; i < this.#resident.length; i++) {
      if (
        this.#resident[i] !== null &&
        (victim < 0 || (this.#lastUse[i] ?? 0) < (this.#lastUse[victim] ?? 0))
      )
        victim = i;
    }
    const page = this.#resident[victim] as MonthPage;
    if (this.#dirty[victim] === true || this.#inFile[victim] !== true) this.#write(victim, page);
    this.#resident[victim] = null;
    this.#residentCount -= 1;
    return page;
  }

  #fd(): number {
    if (this.#file === null) {
      const dir = mkdtempSync(join((this.#spill as SpillOptions).dir, "ct-spill-"));
      const fd = openSync(join(dir, "months.bin"), "w+");
      // Unnamed from the start: the open file is all that is needed, and a crash leaves nothing.
      rmSync(dir, { recursive: true, force: true });
      this.#file = { fd };
    }
    return this.#file.fd;
  }

  #write(index: number, page: MonthPage): void {
    const fd = this.#fd();
    let at = index * PAGE_BYTES;
    for (const part of parts(page)) {
      writeSync(fd, part, 0, part.byteLength, at);
      at += part.byteLength;
    }
    this.#dirty[index] = false;
    this.#inFile[index] = true;
  }

  #read(index: number, page: MonthPage): void {
    const fd = this.#fd();
    let at = index * PAGE_BYTES;
    for (const part of parts(page)) {
      let done = 0;
      while (done < part.byteLength) {
        const read = readSync(fd, part, done, part.byteLength - done, at + done);
        if (read === 0) throw new Error(`spill file ended inside month page ${index}`);
        done += read;
      }
      at += part.byteLength;
    }
    this.#dirty[index] = false;
  }
}

function newPage(): MonthPage {
  return {
    lines: new Uint32Array(PAGE_SIZE * MONTHS),
    values: new Float64Array(PAGE_SIZE * MONTHS * VALUES_PER_MONTH),
    sources: new Uint8Array(PAGE_SIZE * MONTHS),
  };
}

function parts(page: MonthPage): Uint8Array[] {
  return [page.lines, page.values, page.sources].map(
    (array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
  );
}
