import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { type App, createApp } from "../../src/server/app.ts";
import type { ServerConfig } from "../../src/server/env.ts";

/** Where the GraphQL endpoint is: a TestServer, or a server started as a process. */
export interface Endpoint {
  readonly graphqlUrl: string;
}

export interface TestServer extends Endpoint {
  readonly url: string;
  readonly dataDir: string;
  readonly app: App;
  close(): Promise<void>;
  /** Files in data/uploads (finished uploads and any leftovers). */
  uploads(): string[];
}

/** A real server on a free loopback port with its own data directory. */
export async function startServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), "ct-server-"));
  const app = await createApp({
    port: 0,
    host: "127.0.0.1",
    maxUploadBytes: 1024 ** 3,
    sectorConfigPath: undefined,
    logLevel: "silent",
    maxConcurrentAudits: 2,
    jobRetentionDays: 30,
    publicUrl: null,
    // Every upload through the audit worker, as large ones are in production; tests that
    // need the in-thread path for small files say so.
    auditWorkerMinBytes: 0,
    ...overrides,
    dataDir,
  });
  const address = await app.listen();
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    dataDir,
    app,
    async close() {
      await app.close();
      if (overrides.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
    uploads() {
      try {
        return readdirSync(join(dataDir, "uploads"));
      } catch {
        return [];
      }
    },
  };
}

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** A typed operation over HTTP POST with a JSON body. */
export async function execute<R, V>(
  server: Endpoint,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<GraphQLResponse<R>> {
  return post<R>(server, { query: print(document), variables });
}

export async function post<R>(server: Endpoint, body: unknown): Promise<GraphQLResponse<R>> {
  const response = await fetch(server.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

export interface UploadOptions {
  readonly fileName?: string;
  readonly input?: { year?: number; awaitCompletion?: boolean };
  readonly headers?: Record<string, string>;
  readonly query?: string;
}

/** A GraphQL multipart request, as browsers and Apollo's upload link send it. */
export async function uploadFile<R, V>(
  server: Endpoint,
  document: TypedDocumentNode<R, V> | string,
  content: string | Uint8Array,
  options: UploadOptions = {},
): Promise<GraphQLResponse<R>> {
  const form = new FormData();
  form.set(
    "operations",
    JSON.stringify({
      query: typeof document === "string" ? document : print(document),
      variables: { file: null, input: options.input ?? { awaitCompletion: true } },
    }),
  );
  form.set("map", JSON.stringify({ 0: ["variables.file"] }));
  const bytes = typeof content === "string" ? Buffer.from(content) : Buffer.from(content);
  form.set("0", new Blob([bytes]), options.fileName ?? "upload.csv");
  const response = await fetch(server.graphqlUrl, {
    method: "POST",
    headers: options.headers ?? { "x-graphql-yoga-csrf": "1" },
    body: form,
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/**
 * An upload whose body is sent in two parts: the server has its start (and, with a free slot,
 * is auditing it) until `finish()` sends the rest. Holds an audit slot deterministically.
 */
export async function startSlowUpload(
  server: Endpoint,
  content: string,
  input: { year?: number; awaitCompletion?: boolean } = {},
): Promise<{
  finish(): Promise<
    GraphQLResponse<{ uploadAudit: { job: { id: string; status: string } | null } }>
  >;
}> {
  const { request } = await import("node:http");
  const boundary = "----carbon-trace-slow";
  const operations = JSON.stringify({
    query:
      "mutation ($file: Upload!, $input: UploadAuditInput) { uploadAudit(file: $file, input: $input) { job { id status } userErrors { code message } } }",
    variables: { file: null, input },
  });
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="slow.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const body = Buffer.from(head + content + tail);
  const half = Buffer.byteLength(head) + Math.floor(Buffer.byteLength(content) / 2);
  const url = new URL(server.graphqlUrl);
  const req = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: "POST",
    headers: {
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": body.length,
      "x-graphql-yoga-csrf": "1",
    },
  });
  const response = new Promise<
    GraphQLResponse<{ uploadAudit: { job: { id: string; status: string } | null } }>
  >((resolve, reject) => {
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ...JSON.parse(text) }));
    });
    req.on("error", reject);
  });
  // A test may kill the server with this upload unfinished; that is not an error of the test.
  response.catch(() => undefined);
  req.write(body.subarray(0, half));
  // Let the server take the upload (and its slot) before the caller goes on.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    finish() {
      req.end(body.subarray(half));
      return response;
    },
  };
}
