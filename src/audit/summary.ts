import type { Industry } from "./industry.ts";

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
}

const newTally = (): Tally => ({
  factoryIds: new Set(),
  overCapIds: new Set(),
  totalKg: 0,
  alerts: 0,
});

function add(tally: Tally, industry: Industry): void {
  tally.factoryIds.add(industry.factoryId);
  if (industry.status === "EXCEEDED") tally.overCapIds.add(industry.factoryId);
  tally.totalKg += industry.totalEmissionsKg;
  tally.alerts += industry.alerts;
}

/** Totals, the per-sector breakdown and the violators of a set of audited factory-years. */
export function summarize(factories: readonly Industry[]): {
  summary: AuditSummary;
  sectorBreakdown: SectorBreakdown[];
  violators: Industry[];
  violatorsBySector: SectorViolators[];
} {
  const all = newTally();
  const bySector = new Map<string, Tally>();
  const years = new Set<number>();
  for (const industry of factories) {
    add(all, industry);
    years.add(industry.year);
    let sectorTally = bySector.get(industry.sector);
    if (sectorTally === undefined) {
      sectorTally = newTally();
      bySector.set(industry.sector, sectorTally);
    }
    add(sectorTally, industry);
  }

  const sectorBreakdown = [...bySector.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sector, tally]) => ({
      sector,
      factories: tally.factoryIds.size,
      totalEmissionsKg: tally.totalKg,
      avgPerFactoryKg: tally.totalKg / tally.factoryIds.size,
      factoriesOverCap: tally.overCapIds.size,
    }));

  const violators = factories.filter((f) => f.status === "EXCEEDED").sort(byTotalDescending);
  const violatorsBySector = sectorBreakdown.map(({ sector }) => {
    const inSector = violators.filter((f) => f.sector === sector);
    return { sector, count: inSector.length, violators: inSector };
  });

  return {
    summary: {
      totalFactories: all.factoryIds.size,
      factoryYears: factories.length,
      years: [...years].sort((a, b) => a - b),
      totalEmissionsKg: all.totalKg,
      totalEmissionsTonnes: all.totalKg / 1000,
      totalAlerts: all.alerts,
      factoriesOverCap: all.overCapIds.size,
    },
    sectorBreakdown,
    violators,
    violatorsBySector,
  };
}

function byTotalDescending(a: Industry, b: Industry): number {
  if (a.totalEmissionsKg !== b.totalEmissionsKg) return b.totalEmissionsKg - a.totalEmissionsKg;
  if (a.factoryId !== b.factoryId) return a.factoryId < b.factoryId ? -1 : 1;
  return a.year - b.year;
}
