/** Emission factors of one sector, in kg CO2 per unit, and its annual cap. */
export interface SectorFactors {
  readonly productionPerTon: number;
  readonly energyPerMwh: number;
  readonly materialProcessingPerTon: number;
  readonly annualCapKg: number;
}

/** Multiplier applied to the energy part, by canonical energy-source name. */
export type EnergyMultipliers = Readonly<Record<string, number>>;

/** The factor set an audit runs against, with what identifies it for provenance. */
export interface FactorSet {
  readonly version: string;
  readonly sha256: string;
  /** Canonical sector names in configuration order. */
  readonly sectors: ReadonlyMap<string, SectorFactors>;
  readonly energyMultipliers: EnergyMultipliers;
}

/** One factory's production for one month, already cleaned. */
export interface MonthlyProduction {
  readonly month: number;
  readonly productionTons: number;
  readonly energyMwh: number;
  /** Canonical energy-source name; absent means a multiplier of 1.0. */
  readonly energySource?: string;
  readonly rawMaterialTons: number;
}

export type MonthStatus = "OK" | "ALERT";
export type ComplianceStatus = "COMPLIANT" | "EXCEEDED";

/** The audit of one month: its parts, its total, the running total and the cap check. */
export interface MonthlyAudit {
  readonly month: number;
  readonly productionKg: number;
  readonly energyKg: number;
  readonly materialKg: number;
  readonly emissionsKg: number;
  readonly cumulativeKg: number;
  readonly status: MonthStatus;
}

/** The audit of one factory for one year. */
export interface FactoryAudit {
  readonly factoryId: string;
  readonly sector: string;
  readonly year: number;
  readonly totalEmissionsKg: number;
  readonly maxMonthlyKg: number;
  readonly avgMonthlyKg: number;
  readonly alerts: number;
  readonly status: ComplianceStatus;
  /** Month (1–12) whose cumulative total first exceeded the cap, or null. */
  readonly firstExceededMonth: number | null;
  readonly capKg: number;
  readonly monthsReported: number;
}

export interface FactoryAuditWithMonths extends FactoryAudit {
  readonly months: readonly MonthlyAudit[];
}
