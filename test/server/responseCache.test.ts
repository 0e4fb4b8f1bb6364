import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuditJobDocument,
  AuditJobReportsDocument,
  DeleteAuditJobDocument,
  UploadAuditDocument,
} from "../generated/graphql.ts";
import { csv } from "../support/fixtures.ts";
import {
  execute,
  startServer,
  startSlowUpload,
  type TestServer,
  uploadFile,
} from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ maxConcurrentAudits: 1 });
});
afterAll(async () => {
  await server.close();
});

describe("cached results of finished jobs", () => {
  it("never serve a stale state of a job that was still queued or running", async () => {
    const slow = await startSlowUpload(server, csv("F1,Steel,1,1,1,coal,0"));
    const queued = await uploadFile(server, UploadAuditDocument, csv("F2,Steel,1,1,1,coal,0"), {
      input: {},
    });
    const id = queued.data?.uploadAudit.job?.id ?? "";
    const first = await execute(server, AuditJobDocument, { id });
    expect(first.data?.auditJob?.status).toBe("QUEUED");
    expect((await execute(server, AuditJobDocument, { id })).data?.auditJob?.status).toBe("QUEUED");
    await slow.finish();
    let status = "";
    for (let i = 0; i < 200 && status !== "SUCCEEDED"; i++) {
      status = (await execute(server, AuditJobDocument, { id })).data?.auditJob?.status ?? "";
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(status).toBe("SUCCEEDED");
    const finished = await execute(server, AuditJobDocument, { id });
    expect(finished.data?.auditJob?.summary?.totalFactories).toBe(1);
    expect(await execute(server, AuditJobDocument, { id })).toEqual(finished);
  });

  it("drop a job's results the moment it is deleted", async () => {
    const uploaded = await uploadFile(server, UploadAuditDocument, csv("F3,Steel,1,1,1,coal,0"));
    const id = uploaded.data?.uploadAudit.job?.id ?? "";
    expect((await execute(server, AuditJobDocument, { id })).data?.auditJob?.id).toBe(id);
    expect((await execute(server, AuditJobDocument, { id })).data?.auditJob?.id).toBe(id);
    await execute(server, DeleteAuditJobDocument, { id });
    expect((await execute(server, AuditJobDocument, { id })).data?.auditJob).toBeNull();
  });

  it("keep each origin's asset URLs apart", async () => {
    const uploaded = await uploadFile(server, UploadAuditDocument, csv("F4,Steel,1,1,1,coal,0"));
    const id = uploaded.data?.uploadAudit.job?.id ?? "";
    const viaLoopback = await execute(server, AuditJobReportsDocument, { id });
    const viaLocalhost = await execute(
      { graphqlUrl: server.graphqlUrl.replace("127.0.0.1", "localhost") },
      AuditJobReportsDocument,
      { id },
    );
    expect(viaLoopback.data?.auditJob?.assets?.summaryCsvUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(viaLocalhost.data?.auditJob?.assets?.summaryCsvUrl).toMatch(/^http:\/\/localhost:/);
  });
});
