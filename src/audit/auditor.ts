import type { EnergyMultipliers, MonthlyAudit, MonthlyProduction, SectorFactors } from "./types.ts";

/**
 * Audits one factory-year month by month. The factors, the cap and the running total live
 * in the closure: nothing outside can read or change them; only the cap is readable, since
 * every report shows it.
 */
export interface EmissionAuditor {
  (production: MonthlyProduction): MonthlyAudit;
  readonly capKg: number;
}

export function createEmissionAuditor(
  sector: SectorFactors,
  multipliers: EnergyMultipliers,
): EmissionAuditor {
  // A frozen input cannot change, so it serves as the frozen copy: a configuration's factors
  // are frozen once, instead of copied for each of a file's factory-years.
  const factors: SectorFactors = Object.isFrozen(sector)
    ? sector
    : Object.freeze({
        productionPerTon: sector.productionPerTon,
        energyPerMwh: sector.energyPerMwh,
        materialProcessingPerTon: sector.materialProcessingPerTon,
        annualCapKg: sector.annualCapKg,
      });
  const energyMultipliers: EnergyMultipliers = Object.isFrozen(multipliers)
    ? multipliers
    : Object.freeze({ ...multipliers });
  let cumulativeKg = 0;

  const audit = (production: MonthlyProduction): MonthlyAudit => {
    const multiplier = multiplierFor(energyMultipliers, production.energySource);
    const productionKg = production.productionTons * factors.productionPerTon;
    const energyKg = production.energyMwh * factors.energyPerMwh * multiplier;
    const materialKg =
      production.rawMaterialTons > 0
        ? production.rawMaterialTons * factors.materialProcessingPerTon
        : 0;
    const emissionsKg = productionKg + energyKg + materialKg;
    cumulativeKg += emissionsKg;
    return {
      month: production.month,
      productionKg,
      energyKg,
      materialKg,
      emissionsKg,
      cumulativeKg,
      status: cumulativeKg > factors.annualCapKg ? "ALERT" : "OK",
    };
  };

  Object.defineProperty(audit, "capKg", { value: factors.annualCapKg, enumerable: true });
  return Object.freeze(audit) as EmissionAuditor;
}

function multiplierFor(multipliers: EnergyMultipliers, source: string | undefined): number {
  if (source === undefined) return 1;
  const multiplier = Object.hasOwn(multipliers, source) ? multipliers[source] : undefined;
  if (multiplier === undefined) {
    throw new RangeError(`no multiplier is configured for energy source "${source}"`);
  }
  return multiplier;
}
