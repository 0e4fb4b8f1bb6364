import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuditJobDocument,
  AuditJobsDocument,
  CleaningReportDocument,
  DeleteAuditJobDocument,
  FactoriesDocument,
  FactoryDetailDocument,
  UploadAuditDocument,
} from "../generated/graphql.ts";
import { csv, REFERENCE_SAMPLE } from "../support/fixtures.ts";
import { execute, startServer, type TestServer, uploadFile } from "../support/server.ts";

const run = promisify(execFile);
const cents = (kg: number | undefined) => Math.round((kg ?? Number.NaN) * 100) / 100;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function curlUpload(
  path: string,
  input: object,
): Promise<{ data: { uploadAudit: { job: { id: string; status: string } | null } } }> {
  const operations = JSON.stringify({
    query:
      "mutation ($file: Upload!, $input: UploadAuditInput) { uploadAudit(file: $file, input: $input) { job { id status } userErrors { code message } } }",
    variables: { file: null, input },
  });
  const { stdout } = await run("curl", [
    "--silent",
    "--show-error",
    server.graphqlUrl,
    "-H",
    "apollo-require-preflight: true",
    "-F",
    `operations=${operations}`,
    "-F",
    'map={"0":["variables.file"]}',
    "-F",
    `0=@${path}`,
  ]);
  return JSON.parse(stdout);
}

describe("uploadAudit with curl, then every query on the job", () => {
  let jobId: string;

  beforeAll(async () => {
    const response = await curlUpload(REFERENCE_SAMPLE, { year: 2024, awaitCompletion: true });
    const job = response.data.uploadAudit.job;
    expect(job?.status).toBe("SUCCEEDED");
    jobId = job?.id ?? "";
  });

  it("carries the audit engine's numbers in summary, sectorBreakdown and violatorsBySector", async () => {
    const { data, errors } = await execute(server, AuditJobDocument, {
      id: jobId,
      violatorsPerSector: 3,
    });
    expect(errors).toBeUndefined();
    const job = data?.auditJob;
    expect(job?.summary).toMatchObject({
      totalFactories: 50,
      totalAlerts: 38,
      factoriesOverCap: 22,
      years: [2024],
    });
    expect(cents(job?.summary?.totalEmissionsKg)).toBe(1_995_591_537.5);
    expect(
      job?.sectorBreakdown.map((s) => [
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
    const steel = job?.violatorsBySector.find((s) => s.sector === "Steel");
    expect(steel?.count).toBe(8);
    expect(steel?.violators.map((v) => v.factoryId)).toEqual([
      "FAC_STEEL_15",
      "FAC_STEEL_11",
      "FAC_STEEL_19",
    ]);
    expect(cents(steel?.violators[0]?.totalEmissionsKg)).toBe(110_070_517.0);
    expect(job?.violatorsBySector.map((s) => s.violators.length)).toEqual([3, 3, 3]);
    expect(job?.fileName).toBe("reference_monthly_production.csv");
    expect(job?.progress).toMatchObject({
      status: "SUCCEEDED",
      stage: "DONE",
      percent: 100,
      rowsProcessed: 600,
    });
    const sha = (await import("node:crypto"))
      .createHash("sha256")
      .update(readFileSync(REFERENCE_SAMPLE))
      .digest("hex");
    expect(job?.provenance).toMatchObject({
      inputSha256: sha,
      inputBytes: readFileSync(REFERENCE_SAMPLE).length,
    });
  });

  it("pages through factories with filters and cursors", async () => {
    const firstPage = await execute(server, FactoriesDocument, { id: jobId, first: 20 });
    const page1 = firstPage.data?.auditJob?.factories;
    expect(page1?.totalCount).toBe(50);
    expect(page1?.nodes).toHaveLength(20);
    expect(page1?.pageInfo.hasNextPage).toBe(true);
    const ids: string[] = page1?.nodes.map((f) => f.factoryId) ?? [];
    let after = page1?.pageInfo.endCursor ?? null;
    while (after !== null) {
      const next = await execute(server, FactoriesDocument, { id: jobId, first: 20, after });
      const page = next.data?.auditJob?.factories;
      ids.push(...(page?.nodes.map((f) => f.factoryId) ?? []));
      after = page?.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
    }
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    expect([...ids].sort()).toEqual(ids);

    const exceededSteel = await execute(server, FactoriesDocument, {
      id: jobId,
      sector: "Steel",
      status: "EXCEEDED",
    });
    const nodes = exceededSteel.data?.auditJob?.factories.nodes ?? [];
    expect(exceededSteel.data?.auditJob?.factories.totalCount).toBe(8);
    expect(nodes.every((f) => f.sector === "Steel" && f.status === "EXCEEDED")).toBe(true);
  });

  it("serves one factory's monthly series", async () => {
    const { data } = await execute(server, FactoryDetailDocument, {
      id: jobId,
      factoryId: "FAC_STEEL_15",
    });
    const factory = data?.auditJob?.factory;
    expect(factory?.months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(cents(factory?.months.at(-1)?.cumulativeKg)).toBe(110_070_517.0);
    expect(factory?.firstExceededMonth).toBe(11);
    expect(factory?.months.map((m) => m.status).filter((s) => s === "ALERT")).toHaveLength(2);
    const missing = await execute(server, FactoryDetailDocument, { id: jobId, factoryId: "NOPE" });
    expect(missing.data?.auditJob?.factory).toBeNull();
  });

  it("serves the cleaning report and lists the job", async () => {
    const report = await execute(server, CleaningReportDocument, { id: jobId });
    expect(report.data?.auditJob?.cleaningReport).toMatchObject({
      originalRows: 600,
      cleanedRows: 600,
      rowsRemoved: 0,
      factoriesFound: 50,
      sectorsFound: ["Electronics", "Steel", "Textile"],
    });
    const jobs = await execute(server, AuditJobsDocument, { first: 50 });
    expect(jobs.data?.auditJobs.edges.map((e) => e.node.id)).toContain(jobId);
  });
});

describe("uploadAudit from a browser-like client", () => {
  it("reports every row issue with its line, paginated and filterable", async () => {
    const content = csv(
      "F1,Steel,1,10,20,coal,0",
      "F1,Steel,13,10,20,coal,0",
      "F2,Glass,1,1,1,grid,0",
      "F3,Textile,1,1,1,plutonium,0",
      "F3,Textile,2,-1,1,grid,0",
    );
    const uploaded = await uploadFile(server, UploadAuditDocument, content, {
      fileName: "issues.csv",
    });
    const id = uploaded.data?.uploadAudit.job?.id ?? "";
    const all = await execute(server, CleaningReportDocument, { id, first: 2 });
    const report = all.data?.auditJob?.cleaningReport;
    expect(report).toMatchObject({ originalRows: 5, cleanedRows: 2, rowsRemoved: 3, warnings: 1 });
    expect(report?.issues.totalCount).toBe(4);
    expect(report?.issues.nodes.map((i) => [i.line, i.code])).toEqual([
      [3, "INVALID_MONTH"],
      [4, "UNKNOWN_SECTOR"],
    ]);
    const rest = await execute(server, CleaningReportDocument, {
      id,
      first: 2,
      after: report?.issues.pageInfo.endCursor,
    });
    expect(rest.data?.auditJob?.cleaningReport?.issues.nodes.map((i) => [i.line, i.code])).toEqual([
      [5, "UNKNOWN_ENERGY_SOURCE"],
      [6, "NEGATIVE_VALUE"],
    ]);
    const warnings = await execute(server, CleaningReportDocument, { id, severity: "WARNING" });
    expect(warnings.data?.auditJob?.cleaningReport?.issues.nodes.map((i) => i.code)).toEqual([
      "UNKNOWN_ENERGY_SOURCE",
    ]);
    expect(report?.countsByCode.find((c) => c.code === "INVALID_MONTH")?.count).toBe(1);
  });

  it("returns at once without awaitCompletion, and the job finishes in the background", async () => {
    const uploaded = await uploadFile(server, UploadAuditDocument, readFileSync(REFERENCE_SAMPLE), {
      input: { year: 2024 },
    });
    const job = uploaded.data?.uploadAudit.job;
    expect(["RUNNING", "SUCCEEDED"]).toContain(job?.status);
    let status = job?.status;
    for (let i = 0; i < 100 && status !== "SUCCEEDED"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await execute(server, AuditJobDocument, { id: job?.id ?? "" })).data?.auditJob
        ?.status;
    }
    expect(status).toBe("SUCCEEDED");
  });

  it("deletes a job with its results and its stored upload", async () => {
    const uploaded = await uploadFile(server, UploadAuditDocument, csv("F1,Steel,1,10,20,coal,0"));
    const id = uploaded.data?.uploadAudit.job?.id ?? "";
    expect(server.uploads()).toContain(`${id}.csv`);
    const deleted = await execute(server, DeleteAuditJobDocument, { id });
    expect(deleted.data?.deleteAuditJob).toEqual({ deletedJobId: id, userErrors: [] });
    expect(server.uploads()).not.toContain(`${id}.csv`);
    expect((await execute(server, AuditJobDocument, { id })).data?.auditJob).toBeNull();
    const again = await execute(server, DeleteAuditJobDocument, { id });
    expect(again.data?.deleteAuditJob.userErrors.map((e) => e.code)).toEqual(["NOT_FOUND"]);
    const malformed = await execute(server, DeleteAuditJobDocument, { id: "../../etc/passwd" });
    expect(malformed.data?.deleteAuditJob.userErrors.map((e) => e.code)).toEqual(["INVALID_ID"]);
  });
});

describe("concurrent and repeated uploads", () => {
  const fileFor = (factories: number) => {
    const rows: string[] = [];
    for (let f = 1; f <= factories; f++)
      for (let m = 1; m <= 12; m++) rows.push(`F${f},Textile,${m},10,10,grid,0`);
    return csv(...rows);
  };

  it("gives two uploads at once their own correct jobs", async () => {
    const [a, b] = await Promise.all([
      uploadFile(server, UploadAuditDocument, fileFor(3)),
      uploadFile(server, UploadAuditDocument, fileFor(7)),
    ]);
    const ids = [a.data?.uploadAudit.job?.id, b.data?.uploadAudit.job?.id];
    expect(new Set(ids).size).toBe(2);
    const summaries = await Promise.all(
      ids.map((id) => execute(server, AuditJobDocument, { id: id ?? "" })),
    );
    expect(summaries.map((s) => s.data?.auditJob?.summary?.totalFactories)).toEqual([3, 7]);
    // 10 t and 10 MWh of textile on the grid: 4500 + 5200 = 9700 kg a month.
    expect(summaries.map((s) => s.data?.auditJob?.summary?.totalEmissionsKg)).toEqual([
      3 * 12 * 9700,
      7 * 12 * 9700,
    ]);
  });

  it("gives ten uploads in a row ten jobs", async () => {
    const ids: string[] = [];
    for (let n = 1; n <= 10; n++) {
      const response = await uploadFile(server, UploadAuditDocument, fileFor(n));
      const id = response.data?.uploadAudit.job?.id ?? "";
      ids.push(id);
      const { data } = await execute(server, AuditJobDocument, { id });
      expect(data?.auditJob?.summary?.totalFactories).toBe(n);
    }
    expect(new Set(ids).size).toBe(10);
  });
});

describe("a small upload, audited on the main thread (below AUDIT_WORKER_MIN_BYTES)", () => {
  it("gives what the audit worker gives for the same file", async () => {
    const inThread = await startServer({ auditWorkerMinBytes: 1024 * 1024 });
    try {
      const sample = readFileSync(REFERENCE_SAMPLE);
      const answers = await Promise.all(
        [inThread, server].map(async (target) => {
          const upload = await uploadFile(target, UploadAuditDocument, sample);
          const id = upload.data?.uploadAudit.job?.id ?? "";
          const { data } = await execute(target, AuditJobDocument, { id, violatorsPerSector: 3 });
          const steel = await execute(target, FactoryDetailDocument, {
            id,
            factoryId: "FAC_STEEL_15",
          });
          const { id: _, createdAt: __, finishedAt: ___, ...job } = data?.auditJob ?? {};
          return { job, months: steel.data?.auditJob?.factory };
        }),
      );
      expect(answers[0]?.job).toMatchObject({ summary: { totalFactories: 50, totalAlerts: 38 } });
      expect(answers[0]).toEqual(answers[1]);
    } finally {
      await inThread.close();
    }
  });
});
