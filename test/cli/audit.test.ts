import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { csv, REFERENCE_SAMPLE, REPO_ROOT } from "../support/fixtures.ts";

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI as a user runs it: a separate process, real files. */
async function cli(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "audit", "--", ...args], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), "ct-cli-")), name);
  writeFileSync(path, content);
  return path;
}

describe("npm run audit", () => {
  it("prints a readable summary of the reference sample", async () => {
    const { code, stdout } = await cli(REFERENCE_SAMPLE);
    expect(code).toBe(0);
    expect(stdout).toMatch(/factories:\s+50\n/);
    expect(stdout).toMatch(/total emissions:\s+1,995,591,537\.50 kg/);
    expect(stdout).toMatch(/alert months:\s+38\n/);
    expect(stdout).toMatch(/factories over cap:\s+22\n/);
    expect(stdout).toMatch(
      /Top violators \(of 22\)\n\s+FAC_STEEL_15\s+Steel\s+\d{4}\s+110,070,517\.00 kg/,
    );
  });

  it("--json prints exactly one JSON document with the GraphQL field names, and --out the summary CSV", async () => {
    const out = mkdtempSync(join(tmpdir(), "ct-out-"));
    const { code, stdout, stderr } = await cli(
      REFERENCE_SAMPLE,
      "--json",
      "--year",
      "2024",
      "--out",
      out,
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/audit_summary_2024\.csv/);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual([
      "summary",
      "sectorBreakdown",
      "violators",
      "factories",
      "cleaningReport",
      "provenance",
    ]);
    expect(doc.summary).toMatchObject({
      totalFactories: 50,
      totalAlerts: 38,
      factoriesOverCap: 22,
      years: [2024],
    });
    expect(doc.violators[0]).toMatchObject({
      factoryId: "FAC_STEEL_15",
      status: "EXCEEDED",
      sector: "Steel",
    });
    expect(doc.factories).toHaveLength(50);
    expect(doc.factories[0].months).toHaveLength(12);
    expect(doc.factories[0].months[11].cumulativeKg).toBeCloseTo(
      doc.factories[0].totalEmissionsKg,
      6,
    );
    expect(doc.cleaningReport).toMatchObject({
      originalRows: 600,
      cleanedRows: 600,
      rowsRemoved: 0,
    });

    const summaryCsv = readFileSync(join(out, "audit_summary_2024.csv"), "utf8")
      .trimEnd()
      .split("\n");
    expect(summaryCsv[0]).toMatch(
      /^factory_id,sector,total_emissions_kg,max_monthly_emissions_kg,avg_monthly_emissions_kg,alerts_count,status,/,
    );
    expect(summaryCsv).toHaveLength(51);
    expect(summaryCsv.find((l) => l.startsWith("FAC_STEEL_15,"))).toMatch(
      /^FAC_STEEL_15,Steel,110070517\.00,/,
    );
  });

  it.each([
    ["an empty file", "", /the file is empty.*\[EMPTY_FILE\]/],
    [
      "a file missing columns",
      "factory_id,sector\nF1,Steel\n",
      /missing required columns: month.*\[MISSING_COLUMNS\]/,
    ],
    ["a binary file", Buffer.from([0, 159, 146, 150, 0, 1]), /binary data.*\[BINARY_FILE\]/],
  ])("exits non-zero with a one-line reason for %s", async (_, content, reason) => {
    const { code, stdout, stderr } = await cli(tempFile("bad.csv", content));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(reason);
  });

  it("explains usage mistakes and a missing file", async () => {
    const noFile = await cli();
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/give exactly one CSV file/);
    const badYear = await cli(tempFile("x.csv", csv("F1,Steel,1,1,1,coal,0")), "--year", "24");
    expect(badYear.code).toBe(2);
    expect(badYear.stderr).toMatch(/--year "24" is not a four-digit year/);
    const missing = await cli("/nonexistent/file.csv");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read \/nonexistent\/file\.csv/);
  });

  it("shows data-quality problems in the readable summary", async () => {
    const { code, stdout } = await cli(
      tempFile(
        "issues.csv",
        csv("F1,Steel,1,1,1,coal,0", "F1,Steel,13,1,1,coal,0", "F2,Glass,1,1,1,coal,0"),
      ),
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/rows removed:\s+2/);
    expect(stdout).toMatch(/line 3: DROPPED INVALID_MONTH/);
    expect(stdout).toMatch(/line 4: DROPPED UNKNOWN_SECTOR/);
  });
});
