import type { FactoryYearProduction } from "../audit/runner.ts";
import type { MonthlyProduction } from "../audit/types.ts";
import type { IssueLog } from "./issues.ts";
import {
  MONTHS,
  MonthPages,
  PAGE_BITS,
  PAGE_MASK,
  PAGE_SIZE,
  type SpillOptions,
  VALUES_PER_MONTH,
} from "./monthPages.ts";
import { ownedString } from "./ownedString.ts";
import type { CleanRow } from "./rowCleaner.ts";

/**
 * Gathers clean rows into factory-years (DESIGN.md rules 8 and 9): the last row for a
 * factory, year and month wins and the one it replaces is reported; a factory keeps the
 * sector it was first seen with.
 *
 * Storage is typed arrays, not objects: a factory-year costs about 350 bytes whatever the
 * number of rows, and there is nothing per row for the collector to free. Months live in
 * fixed-size pages (MonthPages) which, given spill options, are written to disk when cold, so
 * that memory stays flat however many years a file holds. A slot's line number 0 means the
 * month was not reported.
 */
export class FactoryYearCollector {
  readonly #issues: IssueLog;
  readonly #factoryIndex = new Map<string, number>();
  readonly #factoryIds: string[] = [];
  readonly #factorySector: string[] = [];
  #factoryFirstLine = new Uint32Array(1024);
  /** First factory-year of each factory, then a chain through #next. */
  #factoryFirstBucket = new Int32Array(1024);
  /** Per factory-year: its year, and the next factory-year of the same factory (-1: none). */
  #year = new Uint16Array(PAGE_SIZE);
  #next = new Int32Array(PAGE_SIZE);
  /** Their months, in fixed-size pages (growing never copies), spilled to disk if asked. */
  readonly #months: MonthPages;
  readonly #sourceNames: string[] = [];
  readonly #sourceIndex = new Map<string, number>();
  #buckets = 0;
  #rows = 0;
  readonly #recent = { factoryId: "", year: 0, factory: -1, bucket: -1 };

  constructor(issues: IssueLog, spill?: SpillOptions) {
    this.#issues = issues;
    this.#months = new MonthPages(spill);
  }

  /** Month pages written to disk and read back (see MonthPages). */
  get spillCounts(): { readonly pagesWritten: number; readonly pagesRead: number } {
    return this.#months.spillCounts;
  }

  /** Frees the spill file, if any; call once the factory-years have been read. */
  dispose(): void {
    this.#months.dispose();
  }

  add(row: CleanRow): void {
    // Rows of one factory-year usually come together: the last one found is tried first.
    const recent = this.#recent;
    let factory: number | undefined;
    let bucket: number;
    if (row.factoryId === recent.factoryId && row.year === recent.year) {
      factory = recent.factory;
      bucket = recent.bucket;
    } else {
      factory = this.#factoryIndex.get(row.factoryId);
      if (factory === undefined) factory = this.#newFactory(row);
      bucket = this.#bucketFor(factory, row.year);
      recent.factoryId = row.factoryId;
      recent.year = row.year;
      recent.factory = factory;
      recent.bucket = bucket;
    }
    if (this.#factorySector[factory] !== row.sector) {
      const sector = this.#factorySector[factory];
      this.#issues.report(
        "SECTOR_CONFLICT",
        row.line,
        "sector",
        row.sector,
        `factory ${row.factoryId} was reported as ${sector} on line ${this.#factoryFirstLine[factory]}; this row is audited as ${sector}`,
      );
    }

    const page = this.#months.get(bucket >>> PAGE_BITS, true);
    const slot = (bucket & PAGE_MASK) * MONTHS + row.month - 1;
    const superseded = page.lines[slot] ?? 0;
    if (superseded !== 0) {
      this.#issues.report(
        "DUPLICATE_ROW",
        superseded,
        null,
        `${row.factoryId} ${row.year}-${String(row.month).padStart(2, "0")}`,
        `superseded by line ${row.line}, which reports the same factory, year and month`,
      );
    } else {
      this.#rows += 1;
    }
    page.lines[slot] = row.line;
    page.values[slot * VALUES_PER_MONTH] = row.productionTons;
    page.values[slot * VALUES_PER_MONTH + 1] = row.energyMwh;
    page.values[slot * VALUES_PER_MONTH + 2] = row.rawMaterialTons;
    page.sources[slot] = this.#source(row.energySource);
  }

  #newFactory(row: CleanRow): number {
    const factory = this.#factoryIds.length;
    const factoryId = ownedString(row.factoryId);
    this.#factoryIndex.set(factoryId, factory);
    this.#factoryIds.push(factoryId);
    this.#factorySector.push(row.sector);
    if (factory >= this.#factoryFirstLine.length) {
      this.#factoryFirstLine = grow(this.#factoryFirstLine);
      this.#factoryFirstBucket = grow(this.#factoryFirstBucket);
    }
    this.#factoryFirstLine[factory] = row.line;
    this.#factoryFirstBucket[factory] = -1;
    return factory;
  }

  #bucketFor(factory: number, year: number): number {
    let last = -1;
    for (let b = this.#factoryFirstBucket[factory] ?? -1; b !== -1; b = this.#next[b] ?? -1) {
      if (this.#year[b] === year) return b;
      last = b;
    }
    const bucket = this.#buckets++;
    if ((bucket & PAGE_MASK) === 0) {
      this.#months.add();
      if (bucket >= this.#year.length) {
        this.#year = grow(this.#year);
        this.#next = grow(this.#next);
      }
    }
    this.#year[bucket] = year;
    this.#next[bucket] = -1;
    if (last === -1) this.#factoryFirstBucket[factory] = bucket;
    else this.#next[last] = bucket;
    return bucket;
  }

  #source(name: string): number {
    let index = this.#sourceIndex.get(name);
    if (index === undefined) {
      index = this.#sourceNames.length;
      if (index > 255) throw new RangeError("more than 256 distinct energy sources");
      this.#sourceNames.push(name);
      this.#sourceIndex.set(name, index);
    }
    return index;
  }

  /** Rows that will be audited: kept rows minus the superseded ones. */
  get rows(): number {
    return this.#rows;
  }

  get factoryCount(): number {
    return this.#factoryIds.length;
  }

  get sectors(): string[] {
    return [...new Set(this.#factorySector)].sort();
  }

  get years(): number[] {
    const years = new Set<number>();
    for (let b = 0; b < this.#buckets; b++) years.add(this.#year[b] ?? 0);
    return [...years].sort((a, b) => a - b);
  }

  /** Each factory-year with its months in calendar order, built one at a time. */
  *factoryYears(): IterableIterator<FactoryYearProduction> {
    for (let factory = 0; factory < this.#factoryIds.length; factory++) {
      for (let b = this.#factoryFirstBucket[factory] ?? -1; b !== -1; b = this.#next[b] ?? -1) {
        const page = this.#months.get(b >>> PAGE_BITS, false);
        const index = b & PAGE_MASK;
        const months: MonthlyProduction[] = [];
        for (let month = 0; month < MONTHS; month++) {
          const slot = index * MONTHS + month;
          if (page.lines[slot] === 0) continue;
          months.push({
            month: month + 1,
            productionTons: page.values[slot * VALUES_PER_MONTH] ?? 0,
            energyMwh: page.values[slot * VALUES_PER_MONTH + 1] ?? 0,
            energySource: this.#sourceNames[page.sources[slot] ?? 0] ?? "",
            rawMaterialTons: page.values[slot * VALUES_PER_MONTH + 2] ?? 0,
          });
        }
        yield {
          factoryId: this.#factoryIds[factory] ?? "",
          sector: this.#factorySector[factory] ?? "",
          year: this.#year[b] ?? 0,
          months,
        };
      }
    }
  }
}

type Growable = Uint32Array | Int32Array | Uint16Array;

/** A copy twice the size (amortised O(1) appends). */
function grow<T extends Growable>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
