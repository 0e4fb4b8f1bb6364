import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/runner.ts";
import type { FactorSet } from "../../src/audit/types.ts";

const factorSet: FactorSet = {
  version: "test",
  sha256: "0".repeat(64),
  sectors: new Map([
    [
      "Steel",
      {
        productionPerTon: 1850,
        energyPerMwh: 820,
        materialProcessingPerTon: 120,
        annualCapKg: 10_000_000,
      },
    ],
    [
      "Textile",
      {
        productionPerTon: 450,
        energyPerMwh: 520,
        materialProcessingPerTon: 65,
        annualCapKg: 7_500_000,
      },
    ],
  ]),
  energyMultipliers: { grid: 1, coal: 1.25 },
};
const steelMonth = (month: number) => ({
  month,
  productionTons: 1000,
  energyMwh: 4000,
  rawMaterialTons: 0,
});

describe("runAudit", () => {
  it("audits months in calendar order whatever order they arrive in", () => {
    const outcome = runAudit(
      [
        {
          factoryId: "S1",
          sector: "Steel",
          year: 2024,
          months: [steelMonth(3), steelMonth(1), steelMonth(2)],
        },
      ],
      factorSet,
    );
    const [factory] = outcome.factories;
    expect(factory?.history.map((m) => m.month)).toEqual([1, 2, 3]);
    // 5,130,000 a month against a 10,000,000 cap: first over in month 2.
    expect(factory?.firstExceededMonth).toBe(2);
    expect(factory?.alerts).toBe(2);
  });

  it("summarises, breaks down by sector and orders violators by total then id", () => {
    const outcome = runAudit(
      [
        { factoryId: "S2", sector: "Steel", year: 2024, months: [steelMonth(1), steelMonth(2)] },
        { factoryId: "S1", sector: "Steel", year: 2024, months: [steelMonth(1), steelMonth(2)] },
        {
          factoryId: "S3",
          sector: "Steel",
          year: 2024,
          months: [steelMonth(1), steelMonth(2), steelMonth(3)],
        },
        {
          factoryId: "T1",
          sector: "Textile",
          year: 2024,
          months: [{ month: 1, productionTons: 1, energyMwh: 1, rawMaterialTons: 1 }],
        },
      ],
      factorSet,
    );
    expect(outcome.violators.map((f) => f.factoryId)).toEqual(["S3", "S1", "S2"]);
    expect(outcome.factories.map((f) => f.factoryId)).toEqual(["S1", "S2", "S3", "T1"]);
    expect(outcome.summary).toEqual({
      totalFactories: 4,
      factoryYears: 4,
      years: [2024],
      totalEmissionsKg: 5_130_000 * 7 + 1035,
      totalEmissionsTonnes: (5_130_000 * 7 + 1035) / 1000,
      totalAlerts: 1 + 1 + 2,
      factoriesOverCap: 3,
    });
    expect(outcome.sectorBreakdown).toEqual([
      {
        sector: "Steel",
        factories: 3,
        totalEmissionsKg: 5_130_000 * 7,
        avgPerFactoryKg: (5_130_000 * 7) / 3,
        factoriesOverCap: 3,
      },
      {
        sector: "Textile",
        factories: 1,
        totalEmissionsKg: 1035,
        avgPerFactoryKg: 1035,
        factoriesOverCap: 0,
      },
    ]);
    expect(outcome.violatorsBySector.map((s) => [s.sector, s.count])).toEqual([
      ["Steel", 3],
      ["Textile", 0],
    ]);
  });

  it("gives each factory-year its own auditor: a second year starts from zero", () => {
    const outcome = runAudit(
      [
        { factoryId: "S1", sector: "Steel", year: 2025, months: [steelMonth(1)] },
        { factoryId: "S1", sector: "Steel", year: 2024, months: [steelMonth(1), steelMonth(2)] },
      ],
      factorSet,
    );
    expect(outcome.factories.map((f) => [f.year, f.totalEmissionsKg])).toEqual([
      [2024, 10_260_000],
      [2025, 5_130_000],
    ]);
    expect(outcome.summary.totalFactories).toBe(1);
    expect(outcome.summary.factoryYears).toBe(2);
    expect(outcome.summary.factoriesOverCap).toBe(1);
  });

  it("refuses a sector the factor set does not have", () => {
    expect(() =>
      runAudit([{ factoryId: "X", sector: "Glass", year: 2024, months: [] }], factorSet),
    ).toThrow(/Glass/);
  });
});
