import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { type App, createApp } from "../../src/server/app.ts";
import type { ServerConfig } from "../../src/server/env.ts";

export interface TestServer {
  readonly url: string;
  readonly graphqlUrl: string;
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
  server: TestServer,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<GraphQLResponse<R>> {
  return post<R>(server, { query: print(document), variables });
}

export async function post<R>(server: TestServer, body: unknown): Promise<GraphQLResponse<R>> {
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
  server: TestServer,
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
