import type { Industry } from "./industry.ts";
import type { FactoryAudit } from "./types.ts";

export interface AuditSummary {
  /** Distinct factory ids. */
  readonly totalFactories: number;
  /** Audited factory-years (equal to totalFactories for a one-year file). */
  readonly factoryYears: number;
  readonly years: readonly number[];
  readonly totalEmissionsKg: number;
  readonly totalEmissionsTonnes: number;
  /** Months, over all factory-years, whose cumulative total was over the cap. */
  readonly totalAlerts: number;
  /** Distinct factory ids with at least one EXCEEDED year. */
  readonly factoriesOverCap: number;
}

export interface SectorBreakdown {
  readonly sector: string;
  readonly factories: number;
  readonly totalEmissionsKg: number;
  readonly avgPerFactoryKg: number;
  readonly factoriesOverCap: number;
}

export interface SectorViolators {
  readonly sector: string;
  readonly count: number;
  readonly violators: readonly Industry[];
}

interface Tally {
  readonly factoryIds: Set<string>;
  readonly overCapIds: Set<string>;
  totalKg: number;
  alerts: number;
  violators: number;
}

const newTally = (): Tally => ({
  factoryIds: new Set(),
  overCapIds: new Set(),
  totalKg: 0,
  alerts: 0,
  violators: 0,
});

/** What the totals need of one audited factory-year. */
export type AuditedFactoryYear = Pick<
  FactoryAudit,
  "factoryId" | "sector" | "year" | "status" | "totalEmissionsKg" | "alerts"
>;

export interface AuditTotals {
  readonly summary: AuditSummary;
  /** One entry per sector found, by sector name. */
  readonly sectorBreakdown: SectorBreakdown[];
  /** EXCEEDED factory-years per sector. */
  readonly violatorCounts: Record<string, number>;
}

/**
 * Totals, sector breakdown and violator counts, accumulated one factory-year at a time so
 * that a caller can store each factory and let it go. Sums are taken in the order the
 * factory-years are added: the same order gives the same numbers to the last bit.
 */
export class SummaryAccumulator {
  readonly #all = newTally();
  readonly #bySector = new Map<string, Tally>();
  readonly #years = new Set<number>();
  #factoryYears = 0;

  add(factory: AuditedFactoryYear): void {
    this.#factoryYears += 1;
    this.#years.add(factory.year);
    let sectorTally = this.#bySector.get(factory.sector);
    if (sectorTally === undefined) {
      sectorTally = newTally();
      this.#bySector.set(factory.sector, sectorTally);
    }
    for (const tally of [this.#all, sectorTally]) {
      tally.factoryIds.add(factory.factoryId);
      tally.totalKg += factory.totalEmissionsKg;
      tally.alerts += factory.alerts;
      if (factory.status === "EXCEEDED") {
        tally.overCapIds.add(factory.factoryId);
        tally.violators += 1;
      }
    }
  }

  result(): AuditTotals {
    const sectors = [...this.#bySector.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      summary: {
        totalFactories: this.#all.factoryIds.size,
        factoryYears: this.#factoryYears,
        years: [...this.#years].sort((a, b) => a - b),
        totalEmissionsKg: this.#all.totalKg,
        totalEmissionsTonnes: this.#all.totalKg / 1000,
        totalAlerts: this.#all.alerts,
        factoriesOverCap: this.#all.overCapIds.size,
      },
      sectorBreakdown: sectors.map(([sector, tally]) => ({
        sector,
        factories: tally.factoryIds.size,
        totalEmissionsKg: tally.totalKg,
        avgPerFactoryKg: tally.totalKg / tally.factoryIds.size,
        factoriesOverCap: tally.overCapIds.size,
      })),
      violatorCounts: Object.fromEntries(
        sectors.map(([sector, tally]) => [sector, tally.violators]),
      ),
    };
  }
}

/** EXCEEDED factory-years first by total descending, then by factory id and year. */
export function byTotalDescending(a: FactoryAudit, b: FactoryAudit): number {
  if (a.totalEmissionsKg !== b.totalEmissionsKg) return b.totalEmissionsKg - a.totalEmissionsKg;
  if (a.factoryId !== b.factoryId) return a.factoryId < b.factoryId ? -1 : 1;
  return a.year - b.year;
}
