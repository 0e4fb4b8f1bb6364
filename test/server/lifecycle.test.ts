import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AuditJobDocument,
  FactoryDetailDocument,
  UploadAuditDocument,
} from "../generated/graphql.ts";
import { REFERENCE_SAMPLE, REPO_ROOT } from "../support/fixtures.ts";
import { startServerProcess } from "../support/process.ts";
import { execute, startServer, uploadFile } from "../support/server.ts";

describe("the server process", () => {
  it("starts from the environment and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ct-proc-"));
    const server = await startServerProcess({ CARBON_TRACE_DATA_DIR: dataDir });
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited()).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: finishing running audits, then stopping/);
  });

  it("refuses a bad environment with one clear line", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: "not-a-port" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^carbon-trace: invalid environment: PORT="not-a-port"/);
  });
});

describe("restarts", () => {
  it("leave a finished job's results identical", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ct-restart-"));
    const first = await startServer({ dataDir });
    const uploaded = await uploadFile(first, UploadAuditDocument, readFileSync(REFERENCE_SAMPLE), {
      input: { year: 2024, awaitCompletion: true },
    });
    const id = uploaded.data?.uploadAudit.job?.id ?? "";
    const before = await execute(first, AuditJobDocument, { id, violatorsPerSector: 50 });
    const detailBefore = await execute(first, FactoryDetailDocument, {
      id,
      factoryId: "FAC_TEX_13",
    });
    await first.close();

    for (let restart = 0; restart < 2; restart++) {
      const again = await startServer({ dataDir });
      expect(await execute(again, AuditJobDocument, { id, violatorsPerSector: 50 })).toEqual(
        before,
      );
      expect(await execute(again, FactoryDetailDocument, { id, factoryId: "FAC_TEX_13" })).toEqual(
        detailBefore,
      );
      await again.close();
    }
    expect(before.data?.auditJob?.summary?.totalAlerts).toBe(38);
  });
});
