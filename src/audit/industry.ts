import type { EmissionAuditor } from "./auditor.ts";
import { type MonthParts, monthsFromParts } from "./monthlySeries.ts";
import type {
  ComplianceStatus,
  FactoryAudit,
  FactoryAuditWithMonths,
  MonthlyAudit,
  MonthlyProduction,
} from "./types.ts";

const PARTS_PER_MONTH = 3;

/**
 * One factory-year under audit. It owns one auditor closure, records months in calendar
 * order and exposes read-only totals and history. History is kept in typed arrays (three
 * numbers a month) so that a hundred thousand factories stay small in memory.
 */
export class Industry {
  readonly factoryId: string;
  readonly sector: string;
  readonly year: number;
  readonly #audit: EmissionAuditor;
  readonly #months = new Uint8Array(12);
  // A plain array, not a Float64Array: V8 keeps its doubles unboxed on the heap, where a
  // typed array would allocate off-heap memory for each of hundreds of thousands of them.
  readonly #parts: number[] = new Array<number>(12 * PARTS_PER_MONTH).fill(0);
  #count = 0;
  #totalKg = 0;
  #maxMonthlyKg = 0;
  #alerts = 0;
  #firstExceededMonth: number | null = null;

  constructor(factoryId: string, sector: string, year: number, auditor: EmissionAuditor) {
    this.factoryId = factoryId;
    this.sector = sector;
    this.year = year;
    this.#audit = auditor;
  }

  /** Audits the next month; months must arrive in strictly increasing calendar order. */
  record(production: MonthlyProduction): MonthlyAudit {
    const { month } = production;
    if (!Number.isInteger(month) || month < 1 || month > 12) {
      throw new RangeError(`month must be an integer from 1 to 12, got ${month}`);
    }
    const previous = this.#count > 0 ? (this.#months[this.#count - 1] ?? 0) : 0;
    if (month <= previous) {
      throw new RangeError(
        `${this.factoryId} ${this.year}: month ${month} recorded after month ${previous}; months are audited in calendar order`,
      );
    }
    const audited = this.#audit(production);
    const slot = this.#count * PARTS_PER_MONTH;
    this.#months[this.#count] = month;
    this.#parts[slot] = audited.productionKg;
    this.#parts[slot + 1] = audited.energyKg;
    this.#parts[slot + 2] = audited.materialKg;
    this.#count += 1;
    this.#totalKg = audited.cumulativeKg;
    if (this.#count === 1 || audited.emissionsKg > this.#maxMonthlyKg) {
      this.#maxMonthlyKg = audited.emissionsKg;
    }
    if (audited.status === "ALERT") {
      this.#alerts += 1;
      this.#firstExceededMonth ??= month;
    }
    return audited;
  }

  get capKg(): number {
    return this.#audit.capKg;
  }
  get monthsReported(): number {
    return this.#count;
  }
  get totalEmissionsKg(): number {
    return this.#totalKg;
  }
  get maxMonthlyKg(): number {
    return this.#maxMonthlyKg;
  }
  get avgMonthlyKg(): number {
    return this.#count === 0 ? 0 : this.#totalKg / this.#count;
  }
  get alerts(): number {
    return this.#alerts;
  }
  get status(): ComplianceStatus {
    return this.#alerts > 0 ? "EXCEEDED" : "COMPLIANT";
  }
  get firstExceededMonth(): number | null {
    return this.#firstExceededMonth;
  }

  /** The audited months in calendar order, rebuilt from the compact history. */
  get history(): readonly MonthlyAudit[] {
    return Object.freeze(monthsFromParts(this.monthParts(), this.capKg));
  }

  /** The compact history: month and its production, energy and material kg. */
  *monthParts(): Generator<MonthParts> {
    for (let i = 0; i < this.#count; i++) {
      const slot = i * PARTS_PER_MONTH;
      yield [
        this.#months[i] ?? 0,
        this.#parts[slot] ?? 0,
        this.#parts[slot + 1] ?? 0,
        this.#parts[slot + 2] ?? 0,
      ];
    }
  }

  /**
   * Writes the same history flat into `target` from `offset`, month after month:
   * [month, productionKg, energyKg, materialKg]. Answers how many numbers it wrote.
   */
  copyMonthParts(target: Float64Array, offset: number): number {
    for (let i = 0; i < this.#count; i++) {
      const slot = i * PARTS_PER_MONTH;
      const at = offset + i * 4;
      target[at] = this.#months[i] ?? 0;
      target[at + 1] = this.#parts[slot] ?? 0;
      target[at + 2] = this.#parts[slot + 1] ?? 0;
      target[at + 3] = this.#parts[slot + 2] ?? 0;
    }
    return this.#count * 4;
  }

  /** The factory result without its months. */
  toAudit(): FactoryAudit {
    return {
      factoryId: this.factoryId,
      sector: this.sector,
      year: this.year,
      totalEmissionsKg: this.totalEmissionsKg,
      maxMonthlyKg: this.maxMonthlyKg,
      avgMonthlyKg: this.avgMonthlyKg,
      alerts: this.alerts,
      status: this.status,
      firstExceededMonth: this.firstExceededMonth,
      capKg: this.capKg,
      monthsReported: this.monthsReported,
    };
  }

  toJSON(): FactoryAuditWithMonths {
    return { ...this.toAudit(), months: this.history };
  }
}
