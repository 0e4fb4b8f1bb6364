import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SECTOR_CONFIG_PATH, loadSectorConfig } from "../../src/config/loadSectorConfig.ts";
import { SectorConfigError } from "../../src/config/sectorConfig.ts";

const original = JSON.parse(readFileSync(DEFAULT_SECTOR_CONFIG_PATH, "utf8"));

function writeConfig(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), "ct-config-")), "sectors.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("config/sectors.json", () => {
  it("holds the reference factors, caps and multipliers", () => {
    const config = loadSectorConfig();
    expect(Object.fromEntries(config.factorSet.sectors)).toEqual({
      Steel: {
        productionPerTon: 1850,
        energyPerMwh: 820,
        materialProcessingPerTon: 120,
        annualCapKg: 90_000_000,
      },
      Textile: {
        productionPerTon: 450,
        energyPerMwh: 520,
        materialProcessingPerTon: 65,
        annualCapKg: 7_500_000,
      },
      Electronics: {
        productionPerTon: 760,
        energyPerMwh: 680,
        materialProcessingPerTon: 95,
        annualCapKg: 13_000_000,
      },
    });
    expect(config.factorSet.energyMultipliers).toEqual({
      coal: 1.25,
      natural_gas: 0.85,
      grid: 1,
      renewable: 0.35,
      nuclear: 0.15,
    });
    expect(config.energySourceNames.get("natural_gas")).toBe("natural_gas");
    expect(config.energySourceNames.get("natural gas")).toBe("natural_gas");
    expect(config.energySourceNames.get("solar")).toBe("renewable");
    expect(config.sectorNames.get("steel")).toBe("Steel");
  });

  it("keeps the version and the sha256 of the file's bytes for provenance", () => {
    const config = loadSectorConfig();
    const bytes = readFileSync(DEFAULT_SECTOR_CONFIG_PATH);
    expect(config.factorSet.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(config.factorSet.version).toBe(original.version);
  });

  it.each([
    ["a factor that is not a number", { energy_per_mwh: "820" }, /sectors\.Steel\.energy_per_mwh/],
    ["a negative factor", { production_per_ton: -1 }, /sectors\.Steel\.production_per_ton/],
    ["a zero cap", { annual_cap_kg: 0 }, /sectors\.Steel\.annual_cap_kg/],
    ["an unknown key", { annual_cap: 5 }, /sectors\.Steel.*annual_cap/],
  ])("stops with one message naming the bad key: %s", (_, change, pattern) => {
    const broken = structuredClone(original);
    Object.assign(broken.sectors.Steel, change);
    const path = writeConfig(broken);
    expect(() => loadSectorConfig(path)).toThrow(SectorConfigError);
    expect(() => loadSectorConfig(path)).toThrow(pattern);
  });

  it("names a default energy source that is not configured, and colliding synonyms", () => {
    const broken = structuredClone(original);
    broken.default_energy_source = "diesel";
    broken.sectors.Textile.synonyms.push("Steel");
    const path = writeConfig(broken);
    expect(() => loadSectorConfig(path)).toThrow(/default_energy_source: "diesel"/);
    expect(() => loadSectorConfig(path)).toThrow(
      /sectors\.Textile\.synonyms: "Steel" already names Steel/,
    );
  });

  it("says when the file is not JSON or cannot be read", () => {
    expect(() => loadSectorConfig(writeConfig("{ nope"))).toThrow(/not valid JSON/);
    expect(() => loadSectorConfig("/nonexistent/sectors.json")).toThrow(/cannot read/);
  });
});
