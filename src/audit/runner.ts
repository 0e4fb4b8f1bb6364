import { createEmissionAuditor } from "./auditor.ts";
import { Industry } from "./industry.ts";
import type { AuditSummary, SectorBreakdown, SectorViolators } from "./summary.ts";
import { byTotalDescending, SummaryAccumulator } from "./summary.ts";
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

/** Audits each factory-year with its own auditor closure, as the input is iterated. */
export function* auditFactoryYears(
  input: Iterable<FactoryYearProduction>,
  factorSet: FactorSet,
): Generator<Industry> {
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
    for (const month of inCalendarOrder(factoryYear.months)) industry.record(month);
    yield industry;
  }
}

/**
 * Audits every factory-year with its own auditor closure, months in calendar order
 * whatever order they were reported in, and keeps them all for the report.
 */
export function runAudit(
  input: Iterable<FactoryYearProduction>,
  factorSet: FactorSet,
): AuditOutcome {
  const totals = new SummaryAccumulator();
  const factories: Industry[] = [];
  for (const industry of auditFactoryYears(input, factorSet)) {
    totals.add(industry);
    factories.push(industry);
  }
  const { summary, sectorBreakdown } = totals.result();
  factories.sort(byFactoryThenYear);
  const violators = factories.filter((f) => f.status === "EXCEEDED").sort(byTotalDescending);
  const violatorsBySector = sectorBreakdown.map(({ sector }) => {
    const inSector = violators.filter((f) => f.sector === sector);
    return { sector, count: inSector.length, violators: inSector };
  });
  return { factories, summary, sectorBreakdown, violators, violatorsBySector };
}

function inCalendarOrder(months: readonly MonthlyProduction[]): readonly MonthlyProduction[] {
  for (let i = 1; i < months.length; i++) {
    if ((months[i - 1]?.month ?? 0) > (months[i]?.month ?? 0))
      return [...months].sort((a, b) => a.month - b.month);
  }
  return months;
}

export function byFactoryThenYear(a: Industry, b: Industry): number {
  if (a.factoryId !== b.factoryId) return a.factoryId < b.factoryId ? -1 : 1;
  return a.year - b.year;
}
