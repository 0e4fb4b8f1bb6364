import type { MonthlyAudit } from "./types.ts";

/** One audited month as stored: its month and the three parts of its emissions, in kg. */
export type MonthParts = readonly [
  month: number,
  productionKg: number,
  energyKg: number,
  materialKg: number,
];

/**
 * Rebuilds the monthly audits (totals, running total, cap status) from their parts, with
 * the same additions in the same order as the auditor, so the numbers are identical.
 */
export function monthsFromParts(parts: Iterable<MonthParts>, capKg: number): MonthlyAudit[] {
  const months: MonthlyAudit[] = [];
  let cumulativeKg = 0;
  for (const [month, productionKg, energyKg, materialKg] of parts) {
    const emissionsKg = productionKg + energyKg + materialKg;
    cumulativeKg += emissionsKg;
    months.push(
      Object.freeze({
        month,
        productionKg,
        energyKg,
        materialKg,
        emissionsKg,
        cumulativeKg,
        status: cumulativeKg > capKg ? "ALERT" : "OK",
      }),
    );
  }
  return months;
}
