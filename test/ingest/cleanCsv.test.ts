import { describe, expect, it } from "vitest";
import { cleanCsv } from "../../src/ingest/cleanCsv.ts";
import { CsvFileError } from "../../src/ingest/fileError.ts";
import { chunksOf, csv, HEADER, sectorConfig } from "../support/fixtures.ts";

async function clean(
  content: string | Uint8Array,
  options: { year?: number; chunkSize?: number } = {},
) {
  const cleaned = await cleanCsv(chunksOf(content, options.chunkSize), {
    config: sectorConfig(),
    defaultYear: options.year ?? 2024,
  });
  const factoryYears = [...cleaned.collector.factoryYears()];
  return { ...cleaned, factoryYears };
}

async function fileError(content: string | Uint8Array): Promise<CsvFileError> {
  const error = await clean(content).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvFileError);
  return error as CsvFileError;
}

const issueSummary = (report: {
  issues: readonly { line: number; code: string; severity: string }[];
}) => report.issues.map((i) => [i.line, i.code, i.severity]);

describe("cleanCsv: rule 1, the header", () => {
  it("normalises case, spaces, hyphens and known aliases", async () => {
    const { factoryYears, report } = await clean(
      " Factory ID ,SECTOR,Month,Production-Tons,energy mwh,Energy Source,raw_material\nF1,Steel,1,10,20,coal,5\n",
    );
    expect(report.issues).toEqual([]);
    expect(factoryYears[0]?.months[0]).toEqual({
      month: 1,
      productionTons: 10,
      energyMwh: 20,
      energySource: "coal",
      rawMaterialTons: 5,
    });
  });

  it("fails the whole file with one error naming every missing required column", async () => {
    const error = await fileError("factory_id,sector,energy_used_mwh\nF1,Steel,20\n");
    expect(error.code).toBe("MISSING_COLUMNS");
    expect(error.message).toMatch(/missing required columns: month, monthly_production_tons/);
  });

  it("refuses a header that names a column twice", async () => {
    const error = await fileError(`${HEADER},production\nF1,Steel,1,10,20,coal,5,11\n`);
    expect(error.code).toBe("DUPLICATE_COLUMNS");
  });

  it("ignores a UTF-8 BOM", async () => {
    const { report } = await clean(`\uFEFF${csv("F1,Steel,1,10,20,coal,5")}`);
    expect(report.cleanedRows).toBe(1);
    expect(report.issues).toEqual([]);
  });

  it("accepts optional columns being absent", async () => {
    const { factoryYears } = await clean(
      "factory_id,sector,month,monthly_production_tons,energy_used_mwh\nF1,Steel,1,10,20\n",
    );
    expect(factoryYears[0]?.months[0]).toMatchObject({ energySource: "grid", rawMaterialTons: 0 });
  });
});

describe("cleanCsv: rules 2–3, factory and sector", () => {
  it("trims text, drops an empty factory id and matches sectors case-insensitively or by synonym", async () => {
    const { report, factoryYears } = await clean(
      csv(
        "  F1  , steel ,1,10,20,coal,5",
        "   ,Steel,2,10,20,coal,5",
        "F2,TEXTILES,1,1,1,grid,0",
        "F3,Glass,1,1,1,grid,0",
      ),
    );
    expect(factoryYears.map((f) => [f.factoryId, f.sector])).toEqual([
      ["F1", "Steel"],
      ["F2", "Textile"],
    ]);
    expect(issueSummary(report)).toEqual([
      [3, "EMPTY_FACTORY_ID", "DROPPED"],
      [5, "UNKNOWN_SECTOR", "DROPPED"],
    ]);
    expect(report.issues[1]).toMatchObject({ column: "sector", value: "Glass" });
    expect(report.issues[1]?.message).toMatch(
      /"Glass" is not configured; expected one of Steel, Textile, Electronics/,
    );
  });
});

describe("cleanCsv: rule 4, energy source", () => {
  it("maps synonyms, defaults an empty one to grid quietly and an unknown one with a warning", async () => {
    const { report, factoryYears } = await clean(
      csv(
        "F1,Steel,1,1,1,Natural Gas,0",
        "F1,Steel,2,1,1,gas,0",
        "F1,Steel,3,1,1,natural_gas,0",
        "F1,Steel,4,1,1,SOLAR,0",
        "F1,Steel,5,1,1,electricity,0",
        "F1,Steel,6,1,1,,0",
        "F1,Steel,7,1,1,plutonium,0",
      ),
    );
    expect(factoryYears[0]?.months.map((m) => m.energySource)).toEqual([
      "natural_gas",
      "natural_gas",
      "natural_gas",
      "renewable",
      "grid",
      "grid",
      "grid",
    ]);
    expect(issueSummary(report)).toEqual([[8, "UNKNOWN_ENERGY_SOURCE", "WARNING"]]);
    expect(report.actions).toContain("Audited 1 rows with no energy source as grid");
    expect(report.cleanedRows).toBe(7);
  });
});

describe("cleanCsv: rule 5, quantities", () => {
  it.each([
    ["", "MISSING_VALUE"],
    ["abc", "INVALID_NUMBER"],
    ["0x10", "INVALID_NUMBER"],
    ["1,000", "INVALID_NUMBER"],
    ["Infinity", "NON_FINITE_NUMBER"],
    ["NaN", "NON_FINITE_NUMBER"],
    ["1e400", "NON_FINITE_NUMBER"],
    ["-3", "NEGATIVE_VALUE"],
  ])("drops production %j as %s", async (value, code) => {
    const { report } = await clean(csv(`F1,Steel,1,"${value}",20,coal,5`));
    expect(issueSummary(report)).toEqual([[2, code, "DROPPED"]]);
    expect(report.issues[0]).toMatchObject({ column: "monthly_production_tons", value });
    expect(report.cleanedRows).toBe(0);
  });

  it("drops bad energy the same way and accepts 0, decimals and exponents", async () => {
    const { report, factoryYears } = await clean(
      csv("F1,Steel,1,0,-1,coal,5", "F1,Steel,2,0,2.5e3,coal,5", "F1,Steel,3,.5,0,coal,5"),
    );
    expect(issueSummary(report)).toEqual([[2, "NEGATIVE_VALUE", "DROPPED"]]);
    expect(report.issues[0]?.column).toBe("energy_used_mwh");
    expect(factoryYears[0]?.months.map((m) => [m.productionTons, m.energyMwh])).toEqual([
      [0, 2500],
      [0.5, 0],
    ]);
  });

  it("counts missing raw material as 0 quietly, negative or unreadable as 0 with a warning", async () => {
    const { report, factoryYears } = await clean(
      csv(
        "F1,Steel,1,1,1,coal,",
        "F1,Steel,2,1,1,coal,-4",
        "F1,Steel,3,1,1,coal,lots",
        "F1,Steel,4,1,1,coal,7",
      ),
    );
    expect(factoryYears[0]?.months.map((m) => m.rawMaterialTons)).toEqual([0, 0, 0, 7]);
    expect(issueSummary(report)).toEqual([
      [3, "NEGATIVE_RAW_MATERIAL", "WARNING"],
      [4, "INVALID_RAW_MATERIAL", "WARNING"],
    ]);
    expect(report.cleanedRows).toBe(4);
  });
});

describe("cleanCsv: rules 6–7, month and year", () => {
  it("accepts 1–12, names and YYYY-MM, and drops 0 and 13 instead of clamping them", async () => {
    const { report, factoryYears } = await clean(
      csv(
        "F1,Steel,0,1,1,coal,0",
        "F1,Steel,13,1,1,coal,0",
        "F1,Steel,Jan,1,1,coal,0",
        "F1,Steel,february,1,1,coal,0",
        "F1,Steel,03,1,1,coal,0",
        "F1,Steel,4.0,1,1,coal,0",
        "F1,Steel,4.5,1,1,coal,0",
        "F1,Steel,2023-12,1,1,coal,0",
      ),
    );
    expect(issueSummary(report)).toEqual([
      [2, "INVALID_MONTH", "DROPPED"],
      [3, "INVALID_MONTH", "DROPPED"],
      [8, "INVALID_MONTH", "DROPPED"],
    ]);
    expect(factoryYears.map((f) => [f.year, f.months.map((m) => m.month)])).toEqual([
      [2024, [1, 2, 3, 4]],
      [2023, [12]],
    ]);
  });

  it("takes the year column, else the upload's year; refuses a bad or contradicting year", async () => {
    const { report, factoryYears } = await clean(
      `${HEADER},year\nF1,Steel,1,1,1,coal,0,2022\nF1,Steel,2,1,1,coal,0,\nF1,Steel,3,1,1,coal,0,22\nF1,Steel,2021-04,1,1,coal,0,2020\n`,
      { year: 2030 },
    );
    expect(factoryYears.map((f) => [f.year, f.months.map((m) => m.month)])).toEqual([
      [2022, [1]],
      [2030, [2]],
    ]);
    expect(issueSummary(report)).toEqual([
      [4, "INVALID_YEAR", "DROPPED"],
      [5, "YEAR_CONFLICT", "DROPPED"],
    ]);
    expect(report.yearsFound).toEqual([2022, 2030]);
  });
});

describe("cleanCsv: rules 8–9, duplicates and sector conflicts", () => {
  it("lets the last duplicate win and reports the superseded line with the line that replaced it", async () => {
    const { report, factoryYears } = await clean(
      csv(
        "F1,Steel,1,1,1,coal,0",
        "F1,Steel,2,1,1,coal,0",
        "F1,Steel,1,9,9,coal,0",
        "F1,Steel,1,5,5,coal,0",
      ),
    );
    expect(factoryYears[0]?.months.map((m) => [m.month, m.productionTons])).toEqual([
      [1, 5],
      [2, 1],
    ]);
    expect(issueSummary(report)).toEqual([
      [2, "DUPLICATE_ROW", "DROPPED"],
      [4, "DUPLICATE_ROW", "DROPPED"],
    ]);
    expect(report.issues[0]?.message).toMatch(/superseded by line 4/);
    expect(report.issues[1]?.message).toMatch(/superseded by line 5/);
    expect([report.originalRows, report.cleanedRows, report.rowsRemoved]).toEqual([4, 2, 2]);
  });

  it("keeps a factory's first sector and reports the rows that say otherwise", async () => {
    const { report, factoryYears } = await clean(
      csv("F1,Steel,1,1,1,coal,0", "F1,Textile,2,1,1,coal,0"),
    );
    expect(factoryYears.map((f) => [f.sector, f.months.length])).toEqual([["Steel", 2]]);
    expect(issueSummary(report)).toEqual([[3, "SECTOR_CONFLICT", "WARNING"]]);
    expect(report.issues[0]?.message).toMatch(/reported as Steel on line 2/);
  });
});

describe("cleanCsv: rule 10, malformed files", () => {
  it("answers an empty file and a header-only file with a file error", async () => {
    expect((await fileError("")).code).toBe("EMPTY_FILE");
    expect((await fileError("\n\n")).code).toBe("EMPTY_FILE");
    expect((await fileError(`${HEADER}\n`)).code).toBe("NO_DATA_ROWS");
  });

  it("refuses binary files, archives and UTF-16 before parsing them", async () => {
    expect((await fileError(Uint8Array.from([0, 1, 2, 3, 255, 0, 9]))).code).toBe("BINARY_FILE");
    expect((await fileError(Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0]))).message).toMatch(
      /zip archive/,
    );
    expect((await fileError(Buffer.from(`\uFEFF${HEADER}`, "utf16le"))).code).toBe(
      "UNSUPPORTED_ENCODING",
    );
  });

  it("drops a row with bytes that are not UTF-8 and keeps the rest", async () => {
    const bytes = Buffer.concat([
      Buffer.from(csv("F1,Steel,1,1,1,coal,0")),
      Buffer.from("F"),
      Buffer.from([0xc3, 0x28]),
      Buffer.from(",Steel,2,1,1,coal,0\nF2,Steel,1,1,1,coal,0\n"),
    ]);
    const { report } = await clean(bytes);
    expect(issueSummary(report)).toEqual([[3, "INVALID_ENCODING", "DROPPED"]]);
    expect(report.issues[0]?.column).toBe("factory_id");
    expect(report.cleanedRows).toBe(2);
  });

  it("reads multi-byte characters split across chunks", async () => {
    const { factoryYears } = await clean(csv("Fábrica_ü,Steel,1,1,1,coal,0"), { chunkSize: 1 });
    expect(factoryYears[0]?.factoryId).toBe("Fábrica_ü");
  });

  it("fails on an unterminated quote, naming the line it opens on", async () => {
    const error = await fileError(
      csv("F1,Steel,1,1,1,coal,0", '"F2,Steel,2,1,1,coal,0', "F3,Steel,1,1,1,coal,0"),
    );
    expect(error.code).toBe("UNTERMINATED_QUOTE");
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/line 3 opens a quoted field that is never closed/);
  });

  it("drops rows with too few or too many fields; tolerates empty trailing fields", async () => {
    const { report } = await clean(
      csv(
        "F1,Steel,1,1,1,coal",
        "F1,Steel,2,1,1,coal,0,surprise",
        "F1,Steel,3,1,1,coal,0,,",
        "F1,Steel,4,1,1,coal,0",
      ),
    );
    expect(issueSummary(report)).toEqual([
      [2, "TOO_FEW_FIELDS", "DROPPED"],
      [3, "TOO_MANY_FIELDS", "DROPPED"],
    ]);
    expect(report.cleanedRows).toBe(2);
  });

  it("reports a row with a stray quote as malformed and goes on", async () => {
    const { report } = await clean(csv('F1,Ste"el,1,1,1,coal,0', "F1,Steel,2,1,1,coal,0"));
    expect(issueSummary(report)).toEqual([[2, "MALFORMED_ROW", "DROPPED"]]);
    expect(report.cleanedRows).toBe(1);
    expect([report.originalRows, report.rowsRemoved]).toEqual([2, 1]);
  });

  it("refuses a 1 MB field with a clear file error instead of buffering it", async () => {
    const error = await fileError(csv(`${"x".repeat(1024 * 1024)},Steel,1,1,1,coal,0`));
    expect(error.code).toBe("RECORD_TOO_LARGE");
    expect(error.line).toBe(2);
  });

  it("numbers lines from the start of a record, after quoted line breaks and blank lines", async () => {
    const { report } = await clean(
      csv('"F1\nwith a break",Steel,1,1,1,coal,0', "", "F2,Glass,1,1,1,coal,0"),
    );
    expect(issueSummary(report)).toEqual([[5, "UNKNOWN_SECTOR", "DROPPED"]]);
    expect(report.blankLines).toBe(1);
    expect(report.originalRows).toBe(2);
  });

  it("truncates long values in issues", async () => {
    const { report } = await clean(csv(`F1,${"G".repeat(500)},1,1,1,coal,0`));
    expect(report.issues[0]?.value).toBe(`${"G".repeat(100)}…`);
  });
});

describe("cleanCsv: the report", () => {
  it("reconciles counts: every removed row has exactly one DROPPED issue", async () => {
    const { report } = await clean(
      csv(
        "F1,Steel,1,1,1,coal,-1",
        "F1,Steel,13,-1,x,coal,0",
        ",Glass,0,,,coal,0",
        "F2,Textile,1,1,1,coal,0",
        "F2,Textile,1,2,2,coal,0",
      ),
    );
    const dropped = report.issues.filter((i) => i.severity === "DROPPED").length;
    expect(report.rowsRemoved).toBe(dropped);
    expect(report.originalRows - report.cleanedRows).toBe(report.rowsRemoved);
    expect([report.originalRows, report.cleanedRows, report.rowsRemoved, report.warnings]).toEqual([
      5, 2, 3, 1,
    ]);
    expect(report.factoriesFound).toBe(2);
    expect(report.sectorsFound).toEqual(["Steel", "Textile"]);
    expect(report.issueCounts).toEqual([
      { code: "DUPLICATE_ROW", severity: "DROPPED", count: 1 },
      { code: "EMPTY_FACTORY_ID", severity: "DROPPED", count: 1 },
      { code: "INVALID_MONTH", severity: "DROPPED", count: 1 },
      { code: "NEGATIVE_RAW_MATERIAL", severity: "WARNING", count: 1 },
    ]);
  });
});
