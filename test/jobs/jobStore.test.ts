import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanCsv } from "../../src/ingest/cleanCsv.ts";
import { resultsToSave } from "../../src/jobs/resultsToSave.ts";
import { openSqliteDatabase } from "../../src/jobs/store/database.ts";
import { JobStore, violatorsQuery } from "../../src/jobs/store/jobStore.ts";
import { auditCleaned } from "../../src/pipeline/auditCsv.ts";
import { csv, REFERENCE_SAMPLE, sectorConfig } from "../support/fixtures.ts";

const ID = "00000000-0000-4000-8000-0000000000aa";

function createRunningJob(store: JobStore, totalBytes: number): Promise<void> {
  return store.createJob({
    id: ID,
    status: "RUNNING",
    stage: "auditing",
    fileName: "f.csv",
    requestedYear: 2024,
    createdAt: new Date("2026-01-01T00:00:00Z"),
    startedAt: null,
    uploadPath: "/nowhere",
    totalBytes,
    rowsProcessed: 0,
    bytesProcessed: 0,
  });
}

/** The reference sample saved in a fresh database file, and that file's size before the save. */
async function sampleSavedOnDisk() {
  const path = join(mkdtempSync(join(tmpdir(), "ct-store-")), "t.db");
  const { db, sqlite, reader } = await openSqliteDatabase(path);
  const store = new JobStore(db, { sqlite, reader });
  const config = sectorConfig();
  const cleaned = await cleanCsv([readFileSync(REFERENCE_SAMPLE)], { config, defaultYear: 2024 });
  await createRunningJob(store, cleaned.inputBytes);
  const before = statSync(path).size;
  await store.saveResults(ID, resultsToSave(cleaned, config), new Date());
  return { path, before, sqlite, store };
}

/** A real SQLite store, written through the SQLite fast path or the portable kysely path. */
async function storeWith(content: string | Buffer, writer: "sqlite" | "portable") {
  const { db, sqlite, reader } = await openSqliteDatabase(
    join(mkdtempSync(join(tmpdir(), "ct-store-")), "t.db"),
  );
  const store = new JobStore(db, writer === "sqlite" ? { sqlite, reader } : {});
  const config = sectorConfig();
  const cleaned = await cleanCsv([Buffer.from(content)], { config, defaultYear: 2024 });
  await createRunningJob(store, cleaned.inputBytes);
  await store.saveResults(ID, resultsToSave(cleaned, config), new Date("2026-01-01T00:01:00Z"));
  return { store, cleaned, db, sqlite };
}

async function everything(store: JobStore) {
  const job = await store.getJob(ID);
  const page = await store.factories(ID, {}, 500, null);
  const factories = page.items.map((f) => ({ ...f, months: f.months }));
  // The export (summary CSV) reads the same rows, without their months.
  const exported = [];
  for await (const f of store.allFactories(ID)) exported.push(f);
  expect(exported).toEqual(factories.map(({ months: _, ...totals }) => totals));
  const issues = [];
  for await (const issue of store.allIssues(ID)) issues.push(issue);
  return { job, factories, issues, totals: await store.sectorTotals(ID, 2024) };
}

describe("JobStore.saveResults", () => {
  it("stores the same results through the SQLite fast path and the portable kysely path", async () => {
    const content = `${readFileSync(REFERENCE_SAMPLE, "utf8")}FAC_X,Glass,1,1,1,coal,0\nFAC_STEEL_01,Steel,13,1,1,coal,0\n`;
    const fast = await everything((await storeWith(content, "sqlite")).store);
    const portable = await everything((await storeWith(content, "portable")).store);
    expect(portable).toEqual(fast);
    expect(fast.factories).toHaveLength(50);
    expect(fast.issues.map((i) => i.code)).toEqual(["UNKNOWN_SECTOR", "INVALID_MONTH"]);
  });

  it("keeps every number exact: stored totals and months equal the in-memory audit's", async () => {
    const { store, cleaned } = await storeWith(readFileSync(REFERENCE_SAMPLE), "sqlite");
    const expected = auditCleaned(cleaned, sectorConfig());
    const stored = await everything(store);
    expect(stored.job?.results?.summary).toEqual(expected.summary);
    for (const industry of expected.factories) {
      const factory = stored.factories.find((f) => f.factoryId === industry.factoryId);
      expect(factory?.totalEmissionsKg).toBe(industry.totalEmissionsKg);
      expect(factory?.months).toEqual(industry.history);
    }
  });

  it("finds violators through the partial index, which holds violators only", async () => {
    const { store, db, sqlite } = await storeWith(readFileSync(REFERENCE_SAMPLE), "sqlite");
    const query = violatorsQuery(db, ID, "Steel", 10).compile();
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.parameters) as {
      detail: string;
    }[];
    expect(plan.map((step) => step.detail).join("\n")).toContain("factory_audits_violators");
    const indexed = sqlite
      .prepare(
        "SELECT count(*) AS n FROM factory_audits INDEXED BY factory_audits_violators WHERE job_id = ? AND status = 'EXCEEDED'",
      )
      .get(ID) as { n: number };
    expect(indexed.n).toBe(22);
    const violators = await store.violators(ID, "Steel", 3);
    expect(violators.map((v) => v.factoryId)).toEqual([
      "FAC_STEEL_15",
      expect.any(String),
      expect.any(String),
    ]);
  });

  it("moves a save out of the write-ahead log shortly after its commit, not during it", async () => {
    const { path, before, store } = await sampleSavedOnDisk();
    expect(statSync(path).size).toBe(before);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(statSync(path).size).toBeGreaterThan(before);
    await store.close();
  });

  it("waits with its checkpoint while another save holds the connection", async () => {
    const { path, before, sqlite, store } = await sampleSavedOnDisk();
    // Another job's save is under way on the same connection when the checkpoint comes due.
    sqlite.exec("BEGIN IMMEDIATE");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(statSync(path).size).toBe(before);
    sqlite.exec("COMMIT");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(statSync(path).size).toBeGreaterThan(before);
    await store.close();
  });

  it("replaces the results of an interrupted earlier run instead of adding to them", async () => {
    const { store } = await storeWith(csv("F1,Steel,1,1,1,coal,0"), "sqlite");
    const config = sectorConfig();
    const cleaned = await cleanCsv(
      [Buffer.from(csv("F1,Steel,1,1,1,coal,0", "F2,Steel,1,1,1,coal,0"))],
      { config, defaultYear: 2024 },
    );
    await store.saveResults(ID, resultsToSave(cleaned, config), new Date());
    expect((await everything(store)).factories.map((f) => f.factoryId)).toEqual(["F1", "F2"]);
  });
});
