import type { FactoryYearProduction } from "../audit/runner.ts";
import type { MonthlyProduction } from "../audit/types.ts";
import type { IssueLog } from "./issues.ts";
import type { CleanRow } from "./rowCleaner.ts";

/** One factory-year's months, slot per calendar month; line 0 marks an empty slot. */
interface FactoryYearBucket {
  readonly year: number;
  readonly lines: Uint32Array;
  /** production tons, energy MWh, raw material tons: three numbers per month. */
  readonly values: Float64Array;
  readonly sources: string[];
}

interface FactoryEntry {
  readonly sector: string;
  readonly firstLine: number;
  readonly buckets: FactoryYearBucket[];
}

/**
 * Gathers clean rows into factory-years (DESIGN.md rules 8 and 9): the last row for a
 * factory, year and month wins and the one it replaces is reported; a factory keeps the
 * sector it was first seen with. Memory grows with factory-years, not rows.
 */
export class FactoryYearCollector {
  readonly #factories = new Map<string, FactoryEntry>();
  readonly #issues: IssueLog;
  #rows = 0;

  constructor(issues: IssueLog) {
    this.#issues = issues;
  }

  add(row: CleanRow): void {
    let factory = this.#factories.get(row.factoryId);
    if (factory === undefined) {
      factory = { sector: row.sector, firstLine: row.line, buckets: [] };
      this.#factories.set(row.factoryId, factory);
    } else if (factory.sector !== row.sector) {
      this.#issues.report(
        "SECTOR_CONFLICT",
        row.line,
        "sector",
        row.sector,
        `factory ${row.factoryId} was reported as ${factory.sector} on line ${factory.firstLine}; this row is audited as ${factory.sector}`,
      );
    }

    let bucket = factory.buckets.find((b) => b.year === row.year);
    if (bucket === undefined) {
      bucket = {
        year: row.year,
        lines: new Uint32Array(12),
        values: new Float64Array(36),
        sources: new Array<string>(12).fill(""),
      };
      factory.buckets.push(bucket);
    }

    const slot = row.month - 1;
    const superseded = bucket.lines[slot] ?? 0;
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
    bucket.lines[slot] = row.line;
    bucket.values[slot * 3] = row.productionTons;
    bucket.values[slot * 3 + 1] = row.energyMwh;
    bucket.values[slot * 3 + 2] = row.rawMaterialTons;
    bucket.sources[slot] = row.energySource;
  }

  /** Rows that will be audited: kept rows minus the superseded ones. */
  get rows(): number {
    return this.#rows;
  }

  get factoryCount(): number {
    return this.#factories.size;
  }

  get sectors(): string[] {
    return [...new Set([...this.#factories.values()].map((f) => f.sector))].sort();
  }

  get years(): number[] {
    const years = new Set<number>();
    for (const factory of this.#factories.values())
      for (const b of factory.buckets) years.add(b.year);
    return [...years].sort((a, b) => a - b);
  }

  /** Each factory-year with its months in calendar order, built one at a time. */
  *factoryYears(): IterableIterator<FactoryYearProduction> {
    for (const [factoryId, factory] of this.#factories) {
      for (const bucket of factory.buckets) {
        const months: MonthlyProduction[] = [];
        for (let slot = 0; slot < 12; slot++) {
          if (bucket.lines[slot] === 0) continue;
          months.push({
            month: slot + 1,
            productionTons: bucket.values[slot * 3] ?? 0,
            energyMwh: bucket.values[slot * 3 + 1] ?? 0,
            energySource: bucket.sources[slot] ?? "",
            rawMaterialTons: bucket.values[slot * 3 + 2] ?? 0,
          });
        }
        yield { factoryId, sector: factory.sector, year: bucket.year, months };
      }
    }
  }
}
