import { createGraphQLError, type Plugin } from "graphql-yoga";

/** Room for the multipart envelope (boundaries, `operations` and `map`) around the file. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

function tooLarge(message: string) {
  return createGraphQLError(message, {
    extensions: { code: "REQUEST_ENTITY_TOO_LARGE", http: { status: 413 } },
  });
}

/**
 * Body limits by kind of request: uploads may be as large as the upload limit (their file is
 * streamed and limited again byte by byte), every other request is small. Yoga's single
 * limit cannot tell them apart, so it is off and this plugin takes its place.
 */
export function useBodyLimits(limits: { jsonBytes: number; uploadBytes: number }): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const multipart = (request.headers.get("content-type") ?? "")
        .toLowerCase()
        .startsWith("multipart/form-data");
      const limit = multipart ? limits.uploadBytes + MULTIPART_OVERHEAD_BYTES : limits.jsonBytes;
      const declared = request.headers.get("content-length");
      if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
        throw tooLarge(
          multipart
            ? `the upload is larger than the ${limits.uploadBytes} byte limit`
            : `the request body is larger than ${limit} bytes`,
        );
      }
      // Uploads are counted by the upload parser itself; a declared length was checked above
      // (and Node refuses a body longer than it declares). Only bodies without one are
      // counted as they are read.
      if (multipart || declared !== null || requestParser === undefined || request.body === null)
        return;
      const original = requestParser;
      setRequestParser((req) => {
        let read = 0;
        const counted = req.body?.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > limit)
                controller.error(tooLarge(`the request body is larger than ${limit} bytes`));
              else controller.enqueue(chunk);
            },
          }),
        );
        return original(
          new fetchAPI.Request(req.url, {
            method: req.method,
            headers: req.headers,
            signal: req.signal,
            body: counted ?? null,
            // Node's fetch needs this for a streamed body.
            duplex: "half",
          } as RequestInit),
        );
      });
    },
  };
}
