import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCsv } from "../../src/pipeline/auditCsv.ts";
import { AuditJobDocument, AuditJobsDocument, UploadAuditDocument } from "../generated/graphql.ts";
import { csv, sectorConfig } from "../support/fixtures.ts";
import { productionCsv } from "../support/generated.ts";
import {
  execute,
  startServer,
  startSlowUpload,
  type TestServer,
  uploadFile,
} from "../support/server.ts";
import { collectProgress, type ProgressEvent } from "../support/subscriptions.ts";

const STATUS_RANK = { QUEUED: 0, RUNNING: 1, SUCCEEDED: 2, FAILED: 2 } as const;
const STAGE_RANK = ["WAITING", "RECEIVING", "CLEANING", "AUDITING", "SAVING", "RENDERING", "DONE"];

/** Events are in order: status, stage, percent and rows never go back. */
function expectOrdered(events: readonly ProgressEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    const [previous, next] = [events[i - 1], events[i]] as [ProgressEvent, ProgressEvent];
    expect(STATUS_RANK[next.status]).toBeGreaterThanOrEqual(STATUS_RANK[previous.status]);
    expect(STAGE_RANK.indexOf(next.stage)).toBeGreaterThanOrEqual(
      STAGE_RANK.indexOf(previous.stage),
    );
    expect(next.percent).toBeGreaterThanOrEqual(previous.percent);
    expect(next.rowsProcessed).toBeGreaterThanOrEqual(previous.rowsProcessed);
  }
}

/** A promise that settles the first time `fire` is called. */
function signal(): { fired: Promise<void>; fire: () => void } {
  let fire = (): void => undefined;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire };
}

async function waitForStatus(server: TestServer, id: string, statuses: string[]): Promise<string> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const status = (await execute(server, AuditJobDocument, { id })).data?.auditJob?.status ?? "";
    if (statuses.includes(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} never reached ${statuses.join(" or ")}`);
}

describe("auditJobProgress over SSE and WebSocket", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ maxConcurrentAudits: 1 });
  });
  afterAll(async () => {
    await server.close();
  });

  it("streams ordered events to SUCCEEDED with every row counted, queued jobs included", async () => {
    // An upload still arriving holds the only slot, so the two after it are stored and wait.
    const slow = await startSlowUpload(server, productionCsv(40_000, 1), { year: 2024 });
    const queuedFile = productionCsv(5_000, 2);
    const [second, third] = await Promise.all([
      uploadFile(server, UploadAuditDocument, queuedFile, { input: { year: 2024 } }),
      uploadFile(server, UploadAuditDocument, queuedFile, { input: { year: 2024 } }),
    ]);
    expect([second.data?.uploadAudit.job?.status, third.data?.uploadAudit.job?.status]).toEqual([
      "QUEUED",
      "QUEUED",
    ]);

    // Both subscribe while their jobs wait; only then does the slow upload complete.
    const sseSubscribed = signal();
    const wsSubscribed = signal();
    const queuedOverSse = collectProgress(
      server,
      "sse",
      second.data?.uploadAudit.job?.id ?? "",
      sseSubscribed.fire,
    );
    const queuedOverWs = collectProgress(
      server,
      "ws",
      third.data?.uploadAudit.job?.id ?? "",
      wsSubscribed.fire,
    );
    await Promise.all([sseSubscribed.fired, wsSubscribed.fired]);
    const first = await slow.finish();
    const firstJob = first.data?.uploadAudit.job;
    expect(firstJob?.status).toBe("RUNNING");
    const [overSse, overWs, firstOverSse] = await Promise.all([
      queuedOverSse,
      queuedOverWs,
      collectProgress(server, "sse", firstJob?.id ?? ""),
    ]);

    for (const { events, errors } of [overSse, overWs]) {
      expect(errors).toEqual([]);
      expectOrdered(events);
      expect(events[0]).toMatchObject({ status: "QUEUED", stage: "WAITING", percent: 0 });
      expect(events.map((e) => e.stage)).toEqual(
        expect.arrayContaining(["CLEANING", "AUDITING", "SAVING", "DONE"]),
      );
      expect(events.at(-1)).toMatchObject({
        status: "SUCCEEDED",
        stage: "DONE",
        percent: 100,
        rowsProcessed: 60_000,
      });
      expect(events.at(-1)?.totalBytes).toBe(Buffer.byteLength(queuedFile));
    }
    expect(firstOverSse.errors).toEqual([]);
    expectOrdered(firstOverSse.events);
    expect(firstOverSse.events.at(-1)).toMatchObject({
      status: "SUCCEEDED",
      rowsProcessed: 480_000,
    });
  });

  it("gives a late subscriber the current state and completes", async () => {
    const uploaded = await uploadFile(server, UploadAuditDocument, csv("F1,Steel,1,1,1,coal,0"));
    const id = uploaded.data?.uploadAudit.job?.id ?? "";
    for (const transport of ["sse", "ws"] as const) {
      const { events, errors } = await collectProgress(server, transport, id);
      expect(errors).toEqual([]);
      expect(events).toEqual([
        {
          jobId: id,
          status: "SUCCEEDED",
          stage: "DONE",
          percent: 100,
          rowsProcessed: 1,
          bytesProcessed: expect.any(Number),
          totalBytes: expect.any(Number),
        },
      ]);
    }
  });

  it("answers an unknown or malformed id with an error, not a hanging stream", async () => {
    for (const transport of ["sse", "ws"] as const) {
      const unknown = await collectProgress(
        server,
        transport,
        "00000000-0000-4000-8000-000000000000",
      );
      expect(unknown.events).toEqual([]);
      expect(unknown.errors[0]?.extensions?.code).toBe("NOT_FOUND");
      const malformed = await collectProgress(server, transport, "not-a-job");
      expect(malformed.events).toEqual([]);
      expect(malformed.errors[0]?.extensions?.code).toBe("INVALID_ID");
    }
  });
});

describe("bounded concurrency", () => {
  it("runs ten concurrent uploads two at a time, the rest QUEUED until they start", async () => {
    const server = await startServer({ maxConcurrentAudits: 2 });
    try {
      const files = Array.from({ length: 10 }, (_, n) => productionCsv(1_000 + 200 * n, n + 1));
      const answers = await Promise.all(
        files.map((file) =>
          uploadFile(server, UploadAuditDocument, file, { input: { year: 2024 } }),
        ),
      );
      const ids = answers.map((a) => a.data?.uploadAudit.job?.id ?? "");
      expect(new Set(ids).size).toBe(10);
      expect(
        answers.filter((a) => a.data?.uploadAudit.job?.status === "QUEUED").length,
      ).toBeGreaterThanOrEqual(8);

      const seen = new Map<string, string[]>();
      let mostRunning = 0;
      for (let poll = 0; poll < 2000; poll++) {
        const snapshot =
          (await execute(server, AuditJobsDocument, { first: 20 })).data?.auditJobs.edges ?? [];
        const running = snapshot.filter((e) => e.node.status === "RUNNING").length;
        mostRunning = Math.max(mostRunning, running);
        for (const { node } of snapshot) {
          const history = seen.get(node.id) ?? [];
          if (history.at(-1) !== node.status) history.push(node.status);
          seen.set(node.id, history);
        }
        if (snapshot.length === 10 && snapshot.every((e) => e.node.status === "SUCCEEDED")) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(mostRunning).toBeLessThanOrEqual(2);
      expect(mostRunning).toBeGreaterThanOrEqual(1);
      for (const history of seen.values()) {
        // QUEUED (if ever) only before RUNNING, and every job ends SUCCEEDED.
        expect(
          [
            "QUEUED,RUNNING,SUCCEEDED",
            "QUEUED,SUCCEEDED",
            "RUNNING,SUCCEEDED",
            "SUCCEEDED",
            "QUEUED,RUNNING",
          ].some((h) => history.join(",").startsWith(h)),
        ).toBe(true);
        expect(history.at(-1)).toBe("SUCCEEDED");
      }
      const expected = await Promise.all(
        files.map((file) => auditCsv([Buffer.from(file)], { config: sectorConfig(), year: 2024 })),
      );
      for (const [n, id] of ids.entries()) {
        const job = (await execute(server, AuditJobDocument, { id })).data?.auditJob;
        expect(job?.summary?.totalFactories).toBe(1_000 + 200 * n);
        expect(job?.summary?.totalEmissionsKg).toBe(expected[n]?.summary.totalEmissionsKg);
        expect(job?.summary?.totalAlerts).toBe(expected[n]?.summary.totalAlerts);
      }
    } finally {
      await server.close();
    }
  });
});

describe("retention", () => {
  it("removes jobs finished longer ago than the retention period, with their uploads", async () => {
    const server = await startServer();
    try {
      const uploaded = await uploadFile(server, UploadAuditDocument, csv("F1,Steel,1,1,1,coal,0"));
      const id = uploaded.data?.uploadAudit.job?.id ?? "";
      await waitForStatus(server, id, ["SUCCEEDED"]);
      expect(await server.app.jobs.sweepExpired(30, new Date(Date.now() + 29 * 86_400_000))).toBe(
        0,
      );
      expect(server.uploads()).toEqual([`${id}.csv`]);
      expect(await server.app.jobs.sweepExpired(30, new Date(Date.now() + 31 * 86_400_000))).toBe(
        1,
      );
      expect((await execute(server, AuditJobDocument, { id })).data?.auditJob).toBeNull();
      expect(server.uploads()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
