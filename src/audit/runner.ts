import { createEmissionAuditor } from "./auditor.ts";
import { Industry } from "./industry.ts";
import type { AuditSummary, SectorBreakdown, SectorViolators } from "./summary.ts";
import { summarize } from "./summary.ts";
import type { FactorSet, MonthlyProduction } from "./types.ts";

/** Everything reported for one factory in one year, months in any order. */
export interface FactoryYearProduction {
  readonly factoryId: string;
  readonly sector: string;
  readonly year: number;
  readonly months: readonly MonthlyProduction[];
}

export interface AuditOutcome {
  /** One per factory-year, ordered by factory id then year. */
  readonly factories: readonly Industry[];
  readonly summary: AuditSummary;
  readonly sectorBreakdown: readonly SectorBreakdown[];
  /** EXCEEDED factory-years by total descending, ties by factory id then year. */
  readonly violators: readonly Industry[];
  readonly violatorsBySector: readonly SectorViolators[];
}

/**
 * Audits every factory-year with its own auditor closure, months in calendar order
 * whatever order they were reported in.
 */
export function runAudit(
  input: Iterable<FactoryYearProduction>,
  factorSet: FactorSet,
): AuditOutcome {
  const factories: Industry[] = [];
  for (const factoryYear of input) {
    const factors = factorSet.sectors.get(factoryYear.sector);
    if (factors === undefined) {
      throw new RangeError(
        `${factoryYear.factoryId}: sector "${factoryYear.sector}" is not in factor set ${factorSet.version}`,
      );
    }
    const industry = new Industry(
      factoryYear.factoryId,
      factoryYear.sector,
      factoryYear.year,
      createEmissionAuditor(factors, factorSet.energyMultipliers),
    );
    const inCalendarOrder = [...factoryYear.months].sort((a, b) => a.month - b.month);
    for (const month of inCalendarOrder) industry.record(month);
    factories.push(industry);
  }
  factories.sort(byFactoryThenYear);
  return { factories, ...summarize(factories) };
}

export function byFactoryThenYear(a: Industry, b: Industry): number {
  if (a.factoryId !== b.factoryId) return a.factoryId < b.factoryId ? -1 : 1;
  return a.year - b.year;
}
