import type { ComplianceStatus, FactoryAudit } from "../audit/types.ts";

/** What a batch needs of one audited factory-year (an Industry). */
export interface AuditedFactory {
  toAudit(): FactoryAudit;
  /** Writes [month, productionKg, energyKg, materialKg] month after month; answers the count. */
  copyMonthParts(target: Float64Array, offset: number): number;
}

/**
 * Audited factory-years in typed arrays: a batch crosses from a worker thread to the main one
 * by moving four buffers instead of copying thousands of objects, and the store writes its rows
 * from it one at a time.
 */
export interface FactoryYearBatch {
  readonly count: number;
  readonly factoryIds: string[];
  readonly sectors: string[];
  /** Per factory-year: total, max monthly, average monthly, cap (kg). */
  readonly amounts: Float64Array;
  /** Per factory-year: year, alerts, first exceeded month (0: none), months reported, exceeded (0/1). */
  readonly counts: Int32Array;
  /** Every factory-year's flat months, one after the other. */
  readonly months: Float64Array;
  /** Factory-year i's months are months[monthStarts[i], monthStarts[i + 1]). */
  readonly monthStarts: Int32Array;
}

const AMOUNTS = 4;
const COUNTS = 5;
const FLAT_MONTH = 4;

/** A batch's typed arrays, which can be handed back and filled again. */
export type BatchBuffers = Pick<FactoryYearBatch, "amounts" | "counts" | "months" | "monthStarts">;

function newBuffers(capacity: number): BatchBuffers {
  return {
    amounts: new Float64Array(capacity * AMOUNTS),
    counts: new Int32Array(capacity * COUNTS),
    months: new Float64Array(capacity * 12 * FLAT_MONTH),
    monthStarts: new Int32Array(capacity + 1),
  };
}

export function buffersOf(batch: FactoryYearBatch): BatchBuffers {
  const { amounts, counts, months, monthStarts } = batch;
  return { amounts, counts, months, monthStarts };
}

/** Packs up to `capacity` factory-years. */
class FactoryYearBatchBuilder {
  readonly #factoryIds: string[];
  readonly #sectors: string[];
  readonly #amounts: Float64Array;
  readonly #counts: Int32Array;
  readonly #months: Float64Array;
  readonly #monthStarts: Int32Array;
  #count = 0;
  #monthsUsed = 0;

  constructor(
    readonly capacity: number,
    buffers: BatchBuffers,
    names: { readonly factoryIds: string[]; readonly sectors: string[] },
  ) {
    this.#factoryIds = names.factoryIds;
    this.#sectors = names.sectors;
    this.#amounts = buffers.amounts;
    this.#counts = buffers.counts;
    this.#months = buffers.months;
    this.#monthStarts = buffers.monthStarts;
    this.#monthStarts[0] = 0;
  }

  get full(): boolean {
    return this.#count === this.capacity;
  }

  get count(): number {
    return this.#count;
  }

  add(factory: AuditedFactory): void {
    const audit = factory.toAudit();
    const i = this.#count++;
    this.#factoryIds[i] = audit.factoryId;
    this.#sectors[i] = audit.sector;
    const a = i * AMOUNTS;
    this.#amounts[a] = audit.totalEmissionsKg;
    this.#amounts[a + 1] = audit.maxMonthlyKg;
    this.#amounts[a + 2] = audit.avgMonthlyKg;
    this.#amounts[a + 3] = audit.capKg;
    const c = i * COUNTS;
    this.#counts[c] = audit.year;
    this.#counts[c + 1] = audit.alerts;
    this.#counts[c + 2] = audit.firstExceededMonth ?? 0;
    this.#counts[c + 3] = audit.monthsReported;
    this.#counts[c + 4] = audit.status === "EXCEEDED" ? 1 : 0;
    this.#monthsUsed += factory.copyMonthParts(this.#months, this.#monthsUsed);
    this.#monthStarts[i + 1] = this.#monthsUsed;
  }

  build(): FactoryYearBatch {
    return {
      count: this.#count,
      factoryIds: this.full ? this.#factoryIds : this.#factoryIds.slice(0, this.#count),
      sectors: this.full ? this.#sectors : this.#sectors.slice(0, this.#count),
      amounts: this.#amounts,
      counts: this.#counts,
      months: this.#months,
      monthStarts: this.#monthStarts,
    };
  }
}

/** The buffers to move (not copy) with a batch, or its buffers, posted to another thread. */
export function transferList(buffers: BatchBuffers): ArrayBuffer[] {
  return [buffers.amounts, buffers.counts, buffers.months, buffers.monthStarts].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** Factory-year i of a batch as an object. */
export function factoryAudit(batch: FactoryYearBatch, i: number): FactoryAudit {
  const a = i * AMOUNTS;
  const c = i * COUNTS;
  const firstExceeded = batch.counts[c + 2] ?? 0;
  return {
    factoryId: batch.factoryIds[i] as string,
    sector: batch.sectors[i] as string,
    year: batch.counts[c] ?? 0,
    totalEmissionsKg: batch.amounts[a] ?? 0,
    maxMonthlyKg: batch.amounts[a + 1] ?? 0,
    avgMonthlyKg: batch.amounts[a + 2] ?? 0,
    alerts: batch.counts[c + 1] ?? 0,
    status: (batch.counts[c + 4] === 1 ? "EXCEEDED" : "COMPLIANT") satisfies ComplianceStatus,
    firstExceededMonth: firstExceeded === 0 ? null : firstExceeded,
    capKg: batch.amounts[a + 3] ?? 0,
    monthsReported: batch.counts[c + 3] ?? 0,
  };
}

/** Factory-year i's months, flat ([month, productionKg, energyKg, materialKg] …); a view. */
export function flatMonths(batch: FactoryYearBatch, i: number): Float64Array {
  return batch.months.subarray(batch.monthStarts[i], batch.monthStarts[i + 1]);
}

/**
 * Packs factory-years into batches of `size`, in buffers from `reuse` when it has some (the
 * buffers of batches already written) so that a long audit does not allocate one per batch.
 * The arrays of names are the same for every batch: a batch is read (or posted) before the
 * next is taken.
 */
export function* inBatches(
  factories: Iterable<AuditedFactory>,
  size: number,
  reuse: () => BatchBuffers | undefined = () => undefined,
): Generator<FactoryYearBatch> {
  // Sized once and kept: arrays made per batch would live long enough to be promoted to
  // V8's old generation, and pile up there between its collections.
  const names = { factoryIds: new Array<string>(size), sectors: new Array<string>(size) };
  const builder = () => new FactoryYearBatchBuilder(size, reuse() ?? newBuffers(size), names);
  let batch = builder();
  for (const factory of factories) {
    batch.add(factory);
    if (batch.full) {
      yield batch.build();
      batch = builder();
    }
  }
  if (batch.count > 0) yield batch.build();
}
