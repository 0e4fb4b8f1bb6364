import type { FactoryYearProduction } from "../audit/runner.ts";
import type { MonthlyProduction } from "../audit/types.ts";
import type { IssueLog } from "./issues.ts";
import type { CleanRow } from "./rowCleaner.ts";

const MONTHS = 12;
/** production tons, energy MWh, raw material tons. */
const VALUES_PER_MONTH = 3;

/**
 * Gathers clean rows into factory-years (DESIGN.md rules 8 and 9): the last row for a
 * factory, year and month wins and the one it replaces is reported; a factory keeps the
 * sector it was first seen with.
 *
 * Storage is a few growable typed arrays (an arena), not objects: a factory-year costs about
 * 350 bytes whatever the number of rows, and there is nothing per row for the collector to
 * free. A slot's line number 0 means the month was not reported.
 */
export class FactoryYearCollector {
  readonly #issues: IssueLog;
  readonly #factoryIndex = new Map<string, number>();
  readonly #factoryIds: string[] = [];
  readonly #factorySector: string[] = [];
  #factoryFirstLine = new Uint32Array(1024);
  /** First factory-year of each factory, then a chain through #next. */
  #factoryFirstBucket = new Int32Array(1024);
  #bucketYear = new Uint16Array(1024);
  #bucketFactory = new Int32Array(1024);
  #bucketNext = new Int32Array(1024);
  #lines = new Uint32Array(1024 * MONTHS);
  #values = new Float64Array(1024 * MONTHS * VALUES_PER_MONTH);
  #sources = new Uint8Array(1024 * MONTHS);
  readonly #sourceNames: string[] = [];
  readonly #sourceIndex = new Map<string, number>();
  #buckets = 0;
  #rows = 0;

  constructor(issues: IssueLog) {
    this.#issues = issues;
  }

  add(row: CleanRow): void {
    let factory = this.#factoryIndex.get(row.factoryId);
    if (factory === undefined) {
      factory = this.#newFactory(row);
    } else if (this.#factorySector[factory] !== row.sector) {
      const sector = this.#factorySector[factory];
      this.#issues.report(
        "SECTOR_CONFLICT",
        row.line,
        "sector",
        row.sector,
        `factory ${row.factoryId} was reported as ${sector} on line ${this.#factoryFirstLine[factory]}; this row is audited as ${sector}`,
      );
    }

    const bucket = this.#bucketFor(factory, row.year);
    const slot = bucket * MONTHS + row.month - 1;
    const superseded = this.#lines[slot] ?? 0;
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
    this.#lines[slot] = row.line;
    this.#values[slot * VALUES_PER_MONTH] = row.productionTons;
    this.#values[slot * VALUES_PER_MONTH + 1] = row.energyMwh;
    this.#values[slot * VALUES_PER_MONTH + 2] = row.rawMaterialTons;
    this.#sources[slot] = this.#source(row.energySource);
  }

  #newFactory(row: CleanRow): number {
    const factory = this.#factoryIds.length;
    this.#factoryIndex.set(row.factoryId, factory);
    this.#factoryIds.push(row.factoryId);
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
    for (let b = this.#factoryFirstBucket[factory] ?? -1; b !== -1; b = this.#bucketNext[b] ?? -1) {
      if (this.#bucketYear[b] === year) return b;
      last = b;
    }
    const bucket = this.#buckets++;
    if (bucket >= this.#bucketYear.length) {
      this.#bucketYear = grow(this.#bucketYear);
      this.#bucketFactory = grow(this.#bucketFactory);
      this.#bucketNext = grow(this.#bucketNext);
      this.#lines = grow(this.#lines);
      this.#values = grow(this.#values);
      this.#sources = grow(this.#sources);
    }
    this.#bucketYear[bucket] = year;
    this.#bucketFactory[bucket] = factory;
    this.#bucketNext[bucket] = -1;
    if (last === -1) this.#factoryFirstBucket[factory] = bucket;
    else this.#bucketNext[last] = bucket;
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
    return [...new Set(this.#bucketYear.subarray(0, this.#buckets))].sort((a, b) => a - b);
  }

  /** Each factory-year with its months in calendar order, built one at a time. */
  *factoryYears(): IterableIterator<FactoryYearProduction> {
    for (let factory = 0; factory < this.#factoryIds.length; factory++) {
      for (
        let b = this.#factoryFirstBucket[factory] ?? -1;
        b !== -1;
        b = this.#bucketNext[b] ?? -1
      ) {
        const months: MonthlyProduction[] = [];
        for (let month = 0; month < MONTHS; month++) {
          const slot = b * MONTHS + month;
          if (this.#lines[slot] === 0) continue;
          months.push({
            month: month + 1,
            productionTons: this.#values[slot * VALUES_PER_MONTH] ?? 0,
            energyMwh: this.#values[slot * VALUES_PER_MONTH + 1] ?? 0,
            energySource: this.#sourceNames[this.#sources[slot] ?? 0] ?? "",
            rawMaterialTons: this.#values[slot * VALUES_PER_MONTH + 2] ?? 0,
          });
        }
        yield {
          factoryId: this.#factoryIds[factory] ?? "",
          sector: this.#factorySector[factory] ?? "",
          year: this.#bucketYear[b] ?? 0,
          months,
        };
      }
    }
  }
}

type Growable = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** A copy twice the size (amortised O(1) appends). */
function grow<T extends Growable>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
