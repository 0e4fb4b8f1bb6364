import { createReadStream, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_SECTOR_CONFIG_PATH } from "../../src/config/loadSectorConfig.ts";
import { parseSectorConfig } from "../../src/config/sectorConfig.ts";
import { auditCsv } from "../../src/pipeline/auditCsv.ts";
import { REFERENCE_SAMPLE, sectorConfig } from "../support/fixtures.ts";

const cents = (kg: number) => Math.round(kg * 100) / 100;

describe("the reference tool's sample", () => {
  it("audits to the corrected totals, sectors and top violator", async () => {
    const report = await auditCsv(createReadStream(REFERENCE_SAMPLE), {
      config: sectorConfig(),
      year: 2024,
    });
    expect(report.summary.totalFactories).toBe(50);
    expect(report.summary.totalAlerts).toBe(38);
    expect(report.summary.factoriesOverCap).toBe(22);
    expect(report.summary.totalEmissionsKg).toBeCloseTo(1_995_591_537.5, 2);
    expect(
      report.sectorBreakdown.map((s) => [
        s.sector,
        s.factories,
        cents(s.totalEmissionsKg),
        s.factoriesOverCap,
      ]),
    ).toEqual([
      ["Electronics", 15, 190_971_796.7, 7],
      ["Steel", 20, 1_698_643_745.6, 8],
      ["Textile", 15, 105_975_995.2, 7],
    ]);
    const top = report.violators[0];
    expect(top?.factoryId).toBe("FAC_STEEL_15");
    expect(cents(top?.totalEmissionsKg ?? 0)).toBe(110_070_517.0);
    expect(report.cleaningReport).toMatchObject({
      originalRows: 600,
      cleanedRows: 600,
      rowsRemoved: 0,
      warnings: 0,
    });
    expect(report.provenance.inputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.provenance.factorSetVersion).toBe(sectorConfig().factorSet.version);
  });

  it("would catch the reference tool's natural_gas bug: auditing it as grid gives its published totals", async () => {
    const raw = JSON.parse(readFileSync(DEFAULT_SECTOR_CONFIG_PATH, "utf8"));
    raw.energy_sources.natural_gas.multiplier = 1.0;
    const buggy = parseSectorConfig(raw, "0".repeat(64));
    const report = await auditCsv(createReadStream(REFERENCE_SAMPLE), {
      config: buggy,
      year: 2024,
    });
    expect(cents(report.summary.totalEmissionsKg)).toBe(2_034_611_129.6);
    expect(report.summary.totalAlerts).toBe(44);
    expect(report.summary.factoriesOverCap).toBe(23);
  });

  it("audits months in calendar order when the file's rows are shuffled", async () => {
    const lines = readFileSync(REFERENCE_SAMPLE, "utf8").trimEnd().split("\n");
    const [header, ...rows] = lines;
    const shuffled = [header, ...rows.reverse()].join("\n");
    const report = await auditCsv([Buffer.from(shuffled)], { config: sectorConfig(), year: 2024 });
    expect(report.summary.totalAlerts).toBe(38);
    expect(report.summary.factoriesOverCap).toBe(22);
    expect(cents(report.summary.totalEmissionsKg)).toBe(1_995_591_537.5);
  });
});
