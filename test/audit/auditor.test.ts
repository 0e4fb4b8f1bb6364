import { describe, expect, it } from "vitest";
import { createEmissionAuditor } from "../../src/audit/auditor.ts";
import { Industry } from "../../src/audit/industry.ts";
import type { SectorFactors } from "../../src/audit/types.ts";

const steel = (): SectorFactors => ({
  productionPerTon: 1850,
  energyPerMwh: 820,
  materialProcessingPerTon: 120,
  annualCapKg: 90_000_000,
});
const multipliers = { coal: 1.25, natural_gas: 0.85, grid: 1, renewable: 0.35, nuclear: 0.15 };
const month = (
  m: number,
  extra: Partial<{ energySource: string; rawMaterialTons: number }> = {},
) => ({
  month: m,
  productionTons: 1000,
  energyMwh: 4000,
  rawMaterialTons: 0,
  ...extra,
});

describe("createEmissionAuditor", () => {
  it("accumulates 12 months of steel: 5,130,000 kg a month, 61,560,000 kg a year", () => {
    const audit = createEmissionAuditor(steel(), multipliers);
    const results = Array.from({ length: 12 }, (_, i) => audit(month(i + 1)));
    expect(results.every((r) => r.emissionsKg === 5_130_000)).toBe(true);
    expect(results.map((r) => r.cumulativeKg)).toEqual(
      Array.from({ length: 12 }, (_, i) => 5_130_000 * (i + 1)),
    );
    expect(results[11]?.cumulativeKg).toBe(61_560_000);
    expect(results.every((r) => r.status === "OK")).toBe(true);
  });

  it("keeps two factories of the same sector independent", () => {
    const a = createEmissionAuditor(steel(), multipliers);
    const b = createEmissionAuditor(steel(), multipliers);
    a(month(1));
    a(month(2));
    expect(b(month(1)).cumulativeKg).toBe(5_130_000);
    expect(a(month(3)).cumulativeKg).toBe(15_390_000);
  });

  it("ignores changes to the config objects made after creation", () => {
    const factors = { ...steel() };
    const mults = { ...multipliers };
    const audit = createEmissionAuditor(factors, mults);
    factors.productionPerTon = 0;
    factors.annualCapKg = 1;
    mults.grid = 100;
    const result = audit(month(1, { energySource: "grid" }));
    expect(result.emissionsKg).toBe(5_130_000);
    expect(result.status).toBe("OK");
    expect(audit.capKg).toBe(90_000_000);
  });

  it("exposes neither the factors nor the running total, and accepts neither", () => {
    const audit = createEmissionAuditor(steel(), multipliers);
    audit(month(1));
    expect(Object.keys(audit)).toEqual(["capKg"]);
    expect(Object.isFrozen(audit)).toBe(true);
    expect(() => {
      (audit as unknown as { capKg: number }).capKg = 1;
    }).toThrow(TypeError);
    expect(() => {
      (audit as unknown as Record<string, unknown>).cumulativeKg = 0;
    }).toThrow(TypeError);
    expect(audit(month(2)).cumulativeKg).toBe(10_260_000);
  });

  it("raises the cap alert: 400 t and 800 MWh of textile against a 500,000 kg cap", () => {
    const textile = {
      productionPerTon: 450,
      energyPerMwh: 520,
      materialProcessingPerTon: 65,
      annualCapKg: 500_000,
    };
    const result = createEmissionAuditor(
      textile,
      multipliers,
    )({
      month: 1,
      productionTons: 400,
      energyMwh: 800,
      rawMaterialTons: 0,
    });
    expect(result.emissionsKg).toBe(596_000);
    expect(result.status).toBe("ALERT");
  });

  it("adds exactly 180,000 kg for 1500 t of steel raw material, and nothing for negative", () => {
    const audit = createEmissionAuditor(steel(), multipliers);
    const base = { month: 1, productionTons: 0, energyMwh: 0 };
    expect(audit({ ...base, rawMaterialTons: 1500 }).materialKg).toBe(180_000);
    expect(audit({ ...base, month: 2, rawMaterialTons: -5 }).materialKg).toBe(0);
  });

  it("applies coal (1.25) and renewable (0.35) to the energy part only", () => {
    const grid = createEmissionAuditor(steel(), multipliers)(month(1, { energySource: "grid" }));
    const coal = createEmissionAuditor(steel(), multipliers)(month(1, { energySource: "coal" }));
    const renewable = createEmissionAuditor(
      steel(),
      multipliers,
    )(month(1, { energySource: "renewable" }));
    expect(grid.energyKg).toBe(3_280_000);
    expect(coal.energyKg).toBe(4_100_000);
    expect(renewable.energyKg).toBe(3_280_000 * 0.35);
    expect(coal.productionKg).toBe(grid.productionKg);
    expect(renewable.productionKg).toBe(grid.productionKg);
    expect(coal.materialKg).toBe(grid.materialKg);
  });

  it("audits natural_gas at 0.85, not as grid (the reference tool's bug)", () => {
    const gas = createEmissionAuditor(
      steel(),
      multipliers,
    )(month(1, { energySource: "natural_gas" }));
    expect(gas.energyKg).toBe(3_280_000 * 0.85);
  });

  it("uses 1.0 when no energy source is given and refuses an unknown one", () => {
    const audit = createEmissionAuditor(steel(), multipliers);
    expect(audit(month(1)).energyKg).toBe(3_280_000);
    expect(() => audit(month(2, { energySource: "toString" }))).toThrow(RangeError);
  });
});

describe("Industry", () => {
  it("records months and exposes read-only totals and history", () => {
    const industry = new Industry("F1", "Steel", 2024, createEmissionAuditor(steel(), multipliers));
    for (let m = 1; m <= 12; m++) industry.record(month(m));
    expect(industry.totalEmissionsKg).toBe(61_560_000);
    expect(industry.avgMonthlyKg).toBe(5_130_000);
    expect(industry.maxMonthlyKg).toBe(5_130_000);
    expect(industry.monthsReported).toBe(12);
    expect(industry.status).toBe("COMPLIANT");
    expect(industry.history.map((h) => h.cumulativeKg)).toEqual(
      Array.from({ length: 12 }, (_, i) => 5_130_000 * (i + 1)),
    );
    expect(() => {
      (industry as unknown as { totalEmissionsKg: number }).totalEmissionsKg = 0;
    }).toThrow(TypeError);
    expect(Object.keys(industry).sort()).toEqual(["factoryId", "sector", "year"]);
  });

  it("reports the first exceeded month and counts every month after it as an alert", () => {
    const small = { ...steel(), annualCapKg: 12_000_000 };
    const industry = new Industry("F2", "Steel", 2024, createEmissionAuditor(small, multipliers));
    for (let m = 1; m <= 4; m++) industry.record(month(m));
    expect(industry.firstExceededMonth).toBe(3);
    expect(industry.alerts).toBe(2);
    expect(industry.status).toBe("EXCEEDED");
    expect(industry.history.map((h) => h.status)).toEqual(["OK", "OK", "ALERT", "ALERT"]);
  });

  it("refuses months out of calendar order or outside 1–12", () => {
    const industry = new Industry("F3", "Steel", 2024, createEmissionAuditor(steel(), multipliers));
    industry.record(month(5));
    expect(() => industry.record(month(3))).toThrow(/calendar order/);
    expect(() => industry.record(month(5))).toThrow(/calendar order/);
    expect(() => industry.record(month(13))).toThrow(RangeError);
    expect(industry.monthsReported).toBe(1);
  });
});
