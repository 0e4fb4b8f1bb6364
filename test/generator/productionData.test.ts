import { describe, expect, it } from "vitest";
import { productionCsvChunks, sectorCounts } from "../../src/generator/productionData.ts";
import { auditCsv } from "../../src/pipeline/auditCsv.ts";
import { sectorConfig } from "../support/fixtures.ts";

const generate = (options: Parameters<typeof productionCsvChunks>[0]) =>
  [...productionCsvChunks(options, 100)].join("");

describe("the sample data generator", () => {
  it("splits 50 factories into 20 steel, 15 textile and 15 electronics", () => {
    expect(sectorCounts(50)).toEqual([20, 15, 15]);
    expect(sectorCounts(7).reduce((a, b) => a + b)).toBe(7);
  });

  it("is deterministic for a seed and different across seeds", () => {
    expect(generate({ factories: 5, seed: 1 })).toBe(generate({ factories: 5, seed: 1 }));
    expect(generate({ factories: 5, seed: 1 })).not.toBe(generate({ factories: 5, seed: 2 }));
  });

  it("writes clean rows that audit without issues, several years with a year column", async () => {
    const text = generate({ factories: 10, seed: 3, years: 2, startYear: 2023 });
    const report = await auditCsv([Buffer.from(text)], { config: sectorConfig() });
    expect(report.cleaningReport).toMatchObject({
      originalRows: 240,
      cleanedRows: 240,
      rowsRemoved: 0,
      warnings: 0,
    });
    expect(report.summary).toMatchObject({
      totalFactories: 10,
      factoryYears: 20,
      years: [2023, 2024],
    });
  });

  it("matches the committed sample (50 factories, seed 42)", async () => {
    const { readFileSync } = await import("node:fs");
    const committed = readFileSync(
      new URL("../../data/monthly_production.csv", import.meta.url),
      "utf8",
    );
    expect(generate({ factories: 50, seed: 42 })).toBe(committed);
  });
});
