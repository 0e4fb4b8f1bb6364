import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditJobDocument, AuditJobsDocument, UploadAuditDocument } from "../generated/graphql.ts";
import { csv, HEADER } from "../support/fixtures.ts";
import { execute, post, startServer, type TestServer, uploadFile } from "../support/server.ts";

const LIMIT = 64 * 1024;
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ maxUploadBytes: LIMIT });
});
afterAll(async () => {
  await server.close();
});

/** After a bad request: the server still answers, and nothing was stored. */
async function expectNothingStored(): Promise<void> {
  const health = await fetch(`${server.url}/health`);
  expect(health.status).toBe(200);
  const jobs = await execute(server, AuditJobsDocument, { first: 100 });
  expect(jobs.data?.auditJobs.totalCount).toBe(0);
  expect(server.uploads()).toEqual([]);
}

/** Parts in the order given (an object would put "0" before "operations"). */
async function rawMultipart(
  parts: [string, string | Blob][],
  headers: Record<string, string> = { "x-graphql-yoga-csrf": "1" },
) {
  const form = new FormData();
  for (const [name, value] of parts) form.append(name, value);
  const response = await fetch(server.graphqlUrl, { method: "POST", headers, body: form });
  return {
    status: response.status,
    body: (await response.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    },
  };
}

const UPLOAD_QUERY =
  "mutation ($file: Upload!) { uploadAudit(file: $file, input: { awaitCompletion: true }) { job { id } userErrors { code message } } }";

describe("uploads a user can fix get userErrors and leave nothing behind", () => {
  it.each([
    [
      "a binary file",
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]),
      "BINARY_FILE",
      /PNG image, not CSV text/,
    ],
    [
      "a zip (xlsx) file",
      Uint8Array.from([0x50, 0x4b, 3, 4, 1, 2, 3]),
      "BINARY_FILE",
      /zip archive/,
    ],
    [
      "a CSV missing columns",
      "factory_id,sector,month\nF1,Steel,1\n",
      "MISSING_COLUMNS",
      /monthly_production_tons, energy_used_mwh/,
    ],
    ["an empty file", "", "EMPTY_FILE", /the file is empty/],
    ["a header only", `${HEADER}\n`, "NO_DATA_ROWS", /no data rows/],
    [
      "an unterminated quote",
      csv('"F1,Steel,1,1,1,coal,0'),
      "UNTERMINATED_QUOTE",
      /line 2 opens a quoted field/,
    ],
    [
      "a file over the size limit",
      csv(...Array.from({ length: 3000 }, (_, i) => `F${i},Steel,1,1,1,coal,0`)),
      "FILE_TOO_LARGE",
      /larger than the 65536 bytes upload limit/,
    ],
  ])("%s", async (_, content, code, message) => {
    const response = await uploadFile(server, UploadAuditDocument, content);
    expect(response.status).toBe(200);
    expect(response.data?.uploadAudit.job).toBeNull();
    expect(response.data?.uploadAudit.userErrors).toHaveLength(1);
    expect(response.data?.uploadAudit.userErrors[0]?.code).toBe(code);
    expect(response.data?.uploadAudit.userErrors[0]?.message).toMatch(message);
    await expectNothingStored();
  });

  it("a year out of range", async () => {
    const response = await uploadFile(server, UploadAuditDocument, csv("F1,Steel,1,1,1,coal,0"), {
      input: { year: 24 },
    });
    expect(response.data?.uploadAudit.userErrors).toEqual([
      {
        code: "INVALID_YEAR",
        message: "year must be between 1900 and 2200, got 24",
        field: ["input", "year"],
        line: null,
      },
    ]);
    await expectNothingStored();
  });
});

describe("malformed requests get a clear HTTP error", () => {
  it("refuses a multipart request without a preflight header (CSRF)", async () => {
    const response = await uploadFile(server, UploadAuditDocument, csv("F1,Steel,1,1,1,coal,0"), {
      headers: {},
    });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe("CSRF_PREFLIGHT_REQUIRED");
    expect(response.errors?.[0]?.message).toMatch(/x-graphql-yoga-csrf, apollo-require-preflight/);
    await expectNothingStored();
  });

  it("refuses malformed operations and map fields", async () => {
    const file = new Blob([csv("F1,Steel,1,1,1,coal,0")]);
    const badOperations = await rawMultipart([
      ["operations", "{not json"],
      ["map", '{"0":["variables.file"]}'],
      ["0", file],
    ]);
    expect(badOperations.status).toBe(400);
    expect(badOperations.body.errors?.[0]?.message).toMatch(
      /Invalid JSON in the 'operations' multipart field/,
    );
    const operations = JSON.stringify({ query: UPLOAD_QUERY, variables: { file: null } });
    const badMap = await rawMultipart([
      ["operations", operations],
      ["map", "[1,2]"],
      ["0", file],
    ]);
    expect(badMap.status).toBe(400);
    expect(badMap.body.errors?.[0]?.message).toMatch(/Invalid type for the 'map' multipart field/);
    const badPath = await rawMultipart([
      ["operations", operations],
      ["map", '{"0":"variables.file"}'],
      ["0", file],
    ]);
    expect(badPath.status).toBe(400);
    expect(badPath.body.errors?.[0]?.extensions?.code).toBe("BAD_UPLOAD_REQUEST");
    await expectNothingStored();
  });

  it("refuses two files where one is expected", async () => {
    const file = new Blob([csv("F1,Steel,1,1,1,coal,0")]);
    const operations = JSON.stringify({ query: UPLOAD_QUERY, variables: { file: null } });
    const response = await rawMultipart([
      ["operations", operations],
      ["map", '{"0":["variables.file"],"1":["variables.other"]}'],
      ["0", file],
      ["1", file],
    ]);
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.message).toMatch(/1 max file uploads exceeded/);
    await expectNothingStored();
  });

  it("refuses a body far over the upload limit by its declared length", async () => {
    const big = new Blob([new Uint8Array(LIMIT + 2 * 1024 * 1024).fill(65)]);
    const operations = JSON.stringify({ query: UPLOAD_QUERY, variables: { file: null } });
    const response = await rawMultipart([
      ["operations", operations],
      ["map", '{"0":["variables.file"]}'],
      ["0", big],
    ]);
    expect(response.status).toBe(413);
    expect(response.body.errors?.[0]?.extensions?.code).toBe("REQUEST_ENTITY_TOO_LARGE");
    await expectNothingStored();
  });

  it("refuses an oversized JSON body", async () => {
    const response = await post(server, {
      query: `{ __typename }`,
      variables: { pad: "x".repeat(2 * 1024 * 1024) },
    });
    expect(response.status).toBe(413);
  });
});

describe("queries a client gets wrong", () => {
  it("answers null for an unknown job id and a typed error for a malformed one", async () => {
    const unknown = await execute(server, AuditJobDocument, {
      id: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data?.auditJob).toBeNull();
    const malformed = await execute(server, AuditJobDocument, { id: "../../etc/passwd" });
    expect(malformed.errors?.[0]?.extensions?.code).toBe("INVALID_ID");
    expect(malformed.errors?.[0]?.message).toMatch(/is not an audit job id/);
  });

  it("refuses a deeply nested query before running it", async () => {
    let selection = "name";
    for (let i = 0; i < 20; i++) selection = `ofType { ${selection} }`;
    const response = await post(server, {
      query: `{ __type(name: "AuditJob") { fields { type { ${selection} } } } }`,
    });
    expect(response.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_DEEP");
    expect(response.errors?.[0]?.message).toMatch(/the limit is 15/);
  });

  it("refuses a page size out of range and a forged cursor", async () => {
    const big = await execute(server, AuditJobsDocument, { first: 100_000 });
    expect(big.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const forged = await execute(server, AuditJobsDocument, { first: 5, after: "bm9wZQ" });
    expect(forged.errors?.[0]?.extensions?.code).toBe("INVALID_CURSOR");
  });

  it("answers GraphiQL's introspection query (within the depth limit)", async () => {
    const { getIntrospectionQuery } = await import("graphql");
    const response = await post<{ __schema: { types: unknown[] } }>(server, {
      query: getIntrospectionQuery(),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data?.__schema.types.length).toBeGreaterThan(20);
  });
});

describe("a client that goes away mid-upload", () => {
  it("leaves no job and no file, and the server keeps serving", async () => {
    const { connect } = await import("node:net");
    const url = new URL(server.graphqlUrl);
    const boundary = "----carbon-trace-test";
    const operations = JSON.stringify({ query: UPLOAD_QUERY, variables: { file: null } });
    const head =
      `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\n` +
      csv(...Array.from({ length: 200 }, (_, i) => `F${i},Steel,1,1,1,coal,0`));
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${url.host}\r\nx-graphql-yoga-csrf: 1\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + 50_000}\r\n\r\n${head}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectNothingStored();
  });
});
