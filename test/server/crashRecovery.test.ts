import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditCsv } from "../../src/pipeline/auditCsv.ts";
import { AuditJobDocument, UploadAuditDocument } from "../generated/graphql.ts";
import { sectorConfig } from "../support/fixtures.ts";
import { productionFile } from "../support/generated.ts";
import { type ServerProcess, startServerProcess } from "../support/process.ts";
import { execute, startSlowUpload, uploadFile } from "../support/server.ts";
import { collectProgress } from "../support/subscriptions.ts";

async function kill(server: ServerProcess): Promise<void> {
  server.child.kill("SIGKILL");
  await server.exited();
}

async function finished(server: ServerProcess, id: string) {
  for (let attempt = 0; attempt < 1200; attempt++) {
    const job = (await execute(server, AuditJobDocument, { id })).data?.auditJob;
    if (job?.status === "SUCCEEDED" || job?.status === "FAILED") return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

describe("a server killed with SIGKILL", () => {
  it("finishes every acknowledged job after a restart, with the numbers of an undisturbed run", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ct-crash-"));
    const env = { CARBON_TRACE_DATA_DIR: dataDir, MAX_CONCURRENT_AUDITS: "1" };
    const file = productionFile(40_000, 5);
    const undisturbed = await auditCsv([readFileSync(file)], {
      config: sectorConfig(),
      year: 2024,
    });

    // 1. A half-received upload holds the only slot; the acknowledged upload waits QUEUED.
    let server = await startServerProcess(env);
    await startSlowUpload(server, readFileSync(file, "utf8").slice(0, 100_000), { year: 2024 });
    const queued = await uploadFile(server, UploadAuditDocument, readFileSync(file), {
      input: { year: 2024 },
    });
    const id = queued.data?.uploadAudit.job?.id ?? "";
    expect(queued.data?.uploadAudit.job?.status).toBe("QUEUED");
    await kill(server);

    // 2. The restart runs it; it is killed again mid-cleaning, while rows flow.
    server = await startServerProcess(env);
    expect(server.output()).toMatch(/resuming 1 audit job/);
    let killing: Promise<void> | null = null;
    await collectProgress(server, "sse", id, (event) => {
      if (
        killing === null &&
        event.status === "RUNNING" &&
        event.stage === "CLEANING" &&
        event.rowsProcessed > 0
      ) {
        killing = kill(server);
      }
    }).catch(() => undefined);
    expect(killing).not.toBeNull();
    await killing;

    // 3. The next start finishes it, with the same numbers.
    server = await startServerProcess(env);
    try {
      const job = await finished(server, id);
      expect(job?.status).toBe("SUCCEEDED");
      expect(job?.summary).toEqual({
        totalFactories: undisturbed.summary.totalFactories,
        factoryYears: undisturbed.summary.factoryYears,
        years: [...undisturbed.summary.years],
        totalEmissionsKg: undisturbed.summary.totalEmissionsKg,
        totalEmissionsTonnes: undisturbed.summary.totalEmissionsTonnes,
        totalAlerts: undisturbed.summary.totalAlerts,
        factoriesOverCap: undisturbed.summary.factoriesOverCap,
      });
      expect(job?.progress.rowsProcessed).toBe(480_000);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited();
    }
  });
});
