import { print } from "graphql";
import { createClient as createSseClient } from "graphql-sse";
import { createClient as createWsClient } from "graphql-ws";
import WebSocket from "ws";
import {
  AuditJobProgressDocument,
  type AuditJobProgressSubscription,
} from "../generated/graphql.ts";
import type { Endpoint } from "./server.ts";

export type ProgressEvent = AuditJobProgressSubscription["auditJobProgress"];

type Errors = { message: string; extensions?: Record<string, unknown> }[];

export interface Collected {
  readonly events: ProgressEvent[];
  readonly errors: Errors;
}

interface Result {
  data?: AuditJobProgressSubscription | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Every event of auditJobProgress(id) until the stream completes, over SSE or graphql-ws. */
export async function collectProgress(
  server: Endpoint,
  transport: "sse" | "ws",
  id: string,
  onEvent: (event: ProgressEvent) => void = () => undefined,
): Promise<Collected> {
  const request = { query: print(AuditJobProgressDocument), variables: { id } };
  const events: ProgressEvent[] = [];
  const errors: Errors = [];
  const client =
    transport === "sse"
      ? createSseClient({ url: server.graphqlUrl, retryAttempts: 0 })
      : createWsClient({
          url: server.graphqlUrl.replace(/^http/, "ws"),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
        });
  try {
    for await (const result of client.iterate<AuditJobProgressSubscription>(
      request,
    ) as AsyncIterable<Result>) {
      if (result.data) {
        events.push(result.data.auditJobProgress);
        onEvent(result.data.auditJobProgress);
      }
      if (result.errors)
        errors.push(...result.errors.map(({ message, extensions }) => ({ message, extensions })));
    }
  } catch (error) {
    // graphql-ws rejects the iterator with the operation's errors
    if (Array.isArray(error)) errors.push(...(error as Errors));
    else throw error;
  } finally {
    await client.dispose();
  }
  return { events, errors };
}
