import type { IncomingMessage, ServerResponse } from "node:http";
import { type GraphQLOperation, processRequest } from "graphql-upload-minimal";
import { createGraphQLError, type Plugin } from "graphql-yoga";

/** Headers that prove a request was preflighted (CSRF protection for multipart forms). */
export const PREFLIGHT_HEADERS = ["x-graphql-yoga-csrf", "apollo-require-preflight"] as const;

interface NodeServerContext {
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * GraphQL multipart requests (uploads) through graphql-upload-minimal, so that the file
 * reaches the resolver as a stream while the body is still arriving; yoga's own multipart
 * parser, which buffers whole files, is off. Multipart requests must carry a preflight
 * header: browsers cannot send one cross-site without CORS consent.
 */
export function useStreamedUploads(options: {
  maxFileBytes: number;
}): Plugin<Record<string, unknown>, NodeServerContext> {
  return {
    onRequestParse({ request, serverContext, setRequestParser, endResponse, fetchAPI }) {
      const contentType = request.headers.get("content-type") ?? "";
      if (!contentType.toLowerCase().startsWith("multipart/form-data")) return;
      if (!PREFLIGHT_HEADERS.some((header) => request.headers.has(header))) {
        serverContext.req.resume();
        endResponse(
          new fetchAPI.Response(
            JSON.stringify({
              errors: [
                {
                  message: `multipart requests must carry one of the headers ${PREFLIGHT_HEADERS.join(", ")} (CSRF protection)`,
                  extensions: { code: "CSRF_PREFLIGHT_REQUIRED" },
                },
              ],
            }),
            { status: 400, headers: { "content-type": "application/json; charset=utf-8" } },
          ),
        );
        return;
      }
      setRequestParser(async () => {
        let operations: GraphQLOperation | GraphQLOperation[];
        try {
          // One byte over the limit lets the resolver tell "exactly at the limit" from "over".
          operations = await processRequest(serverContext.req, serverContext.res, {
            maxFileSize: options.maxFileBytes + 1,
            maxFiles: 1,
            maxFieldSize: 1024 * 1024,
          });
        } catch (error) {
          serverContext.req.resume();
          const status = (error as { status?: number }).status ?? 400;
          throw createGraphQLError(`invalid multipart upload: ${(error as Error).message}`, {
            extensions: { code: "BAD_UPLOAD_REQUEST", http: { status } },
          });
        }
        if (Array.isArray(operations)) {
          throw createGraphQLError(
            "batched multipart requests are not supported; send one operation",
            {
              extensions: { code: "BAD_UPLOAD_REQUEST", http: { status: 400 } },
            },
          );
        }
        return {
          query: operations.query,
          operationName: operations.operationName ?? undefined,
          variables: (operations.variables ?? undefined) as Record<string, unknown> | undefined,
        };
      });
    },
  };
}
