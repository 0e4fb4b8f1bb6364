import { readFileSync } from "node:fs";
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printSdl } from "../../src/graphql/schema.ts";
import { EnvError, readServerConfig } from "../../src/server/env.ts";
import { startServer, type TestServer } from "../support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe("GraphQL over HTTP (graphql-http server audits)", () => {
  for (const audit of serverAudits({ url: () => server.graphqlUrl, fetchFn: fetch })) {
    it(audit.name, async () => {
      const result = await audit.fn();
      expect(result.status === "ok" ? "ok" : `${result.status}: ${result.reason}`).toBe("ok");
    });
  }
});

describe("GraphiQL", () => {
  it("is served to browsers from local assets, opening with the example operations", async () => {
    const response = await fetch(server.graphqlUrl, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
    expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr\.net/);
    expect(html).toContain("Carbon-Trace GraphQL");
    for (const name of ["AuditJobs", "UploadAudit", "FactoryDetail", "CleaningReport"])
      expect(html).toContain(name);
  });
});

describe("health and schema", () => {
  it("answers /health with the database state", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("has a committed schema/schema.graphql that matches the Pothos schema (npm run schema)", () => {
    const committed = readFileSync(new URL("../../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printSdl());
  });
});

describe("environment", () => {
  it("has defaults that need no other service", () => {
    const config = readServerConfig({});
    expect(config).toMatchObject({ port: 4000, maxUploadBytes: 1024 ** 3, logLevel: "info" });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it.each([
    [{ PORT: "abc" }, /PORT="abc"/],
    [{ PORT: "70000" }, /PORT="70000"/],
    [{ MAX_UPLOAD_BYTES: "-5" }, /MAX_UPLOAD_BYTES="-5"/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL="loud"/],
  ])("stops with a message naming a bad value: %o", (env, message) => {
    expect(() => readServerConfig(env)).toThrow(EnvError);
    expect(() => readServerConfig(env)).toThrow(message);
  });
});
