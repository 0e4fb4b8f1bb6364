import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanCsv } from "../../src/ingest/cleanCsv.ts";
import { PAGE_SIZE } from "../../src/ingest/monthPages.ts";
import { auditCleaned } from "../../src/pipeline/auditCsv.ts";
import { csv, sectorConfig } from "../support/fixtures.ts";

const SECTORS = ["Steel", "Textile", "Electronics"];

/** One row per factory-year for `factories` factories: a month page holds 4,096 of them. */
function rows(factories: number, month: number, scale = 1): string[] {
  return Array.from({ length: factories }, (_, n) => {
    const sector = SECTORS[n % 3];
    return `F${n},${sector},${month},${(100 + (n % 37)) * scale},${50 + (n % 11)},coal,${n % 5}`;
  });
}

async function audit(content: string, spillToDisk: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "ct-spill-test-"));
  const cleaned = await cleanCsv([Buffer.from(content)], {
    config: sectorConfig(),
    defaultYear: 2024,
    spill: spillToDisk ? { dir, residentPages: 1 } : undefined,
  });
  const outcome = auditCleaned(cleaned, sectorConfig());
  const spill = cleaned.collector.spillCounts;
  cleaned.collector.dispose();
  return {
    result: {
      summary: outcome.summary,
      sectorBreakdown: outcome.sectorBreakdown,
      factories: outcome.factories.map((f) => f.toJSON()),
      report: cleaned.report,
    },
    spill,
    leftInDir: readdirSync(dir),
  };
}

describe("month pages spilled to disk", () => {
  it("give the very audit that memory gives, late rows and replaced months included", async () => {
    const factories = PAGE_SIZE * 3 + 100;
    // Every factory's January, then (after its page went to disk) February for all, and a
    // replacement January for some: each late row reads a spilled page back.
    const content = csv(
      ...rows(factories, 1),
      ...rows(factories, 2),
      ...rows(factories, 1, 3).filter((_, n) => n % 1000 === 0),
    );
    const inMemory = await audit(content, false);
    const spilled = await audit(content, true);
    expect(inMemory.spill).toEqual({ pagesWritten: 0, pagesRead: 0 });
    expect(spilled.spill.pagesWritten).toBeGreaterThanOrEqual(3);
    expect(spilled.spill.pagesRead).toBeGreaterThanOrEqual(4);
    expect(spilled.result).toEqual(inMemory.result);
    expect(spilled.result.report.issueCounts).toEqual([
      { code: "DUPLICATE_ROW", severity: "DROPPED", count: 13 },
    ]);
    // The spill file is unlinked as soon as it is open: nothing is left behind.
    expect(spilled.leftInDir).toEqual([]);
  });

  it("stop spilling when rows come in no useful order, with the same audit", async () => {
    const all = [...rows(PAGE_SIZE * 3, 1), ...rows(PAGE_SIZE * 3, 2)];
    // A fixed pseudo-random shuffle (Fisher-Yates on a linear congruential sequence).
    const shuffled = [...all];
    let state = 42;
    for (let i = shuffled.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const j = state % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
    }
    const content = csv(...shuffled);
    const inMemory = await audit(content, false);
    const spilled = await audit(content, true);
    expect(spilled.result).toEqual(inMemory.result);
    // Without the guard nearly every one of the 24,576 rows would read a page back.
    expect(spilled.spill.pagesRead).toBeGreaterThan(0);
    expect(spilled.spill.pagesRead).toBeLessThan(100);
  });
});
