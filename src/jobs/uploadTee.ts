import { open } from "node:fs/promises";

export class UploadTooLargeError extends Error {
  override readonly name = "UploadTooLargeError";
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`the file is larger than the ${formatBytes(limitBytes)} upload limit`);
    this.limitBytes = limitBytes;
  }
}

/** The upload stream ended early or broke (client gone, multipart error). */
export class UploadInterruptedError extends Error {
  override readonly name = "UploadInterruptedError";
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  return `${bytes} bytes`;
}

/**
 * Passes an upload's chunks on (to the cleaner) while writing each to `path`; the write of
 * one chunk overlaps the parsing of the next. Counts bytes against the limit, refuses a
 * stream the multipart parser truncated, and flushes the file to disk before finishing,
 * so when the consumer sees the end, the copy is durable.
 */
export async function* teeToFile(
  source: AsyncIterable<Uint8Array> & { readonly truncated?: boolean },
  path: string,
  limitBytes: number,
): AsyncGenerator<Uint8Array> {
  const file = await open(path, "w");
  let bytes = 0;
  let pendingWrite: Promise<unknown> = Promise.resolve();
  try {
    try {
      for await (const chunk of source) {
        bytes += chunk.byteLength;
        if (bytes > limitBytes) throw new UploadTooLargeError(limitBytes);
        await pendingWrite;
        pendingWrite = file.write(chunk);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof UploadTooLargeError) throw error;
      if (isSizeLimitError(error)) throw new UploadTooLargeError(limitBytes);
      throw new UploadInterruptedError(
        `the upload did not arrive whole: ${(error as Error).message}`,
      );
    }
    if (source.truncated === true) throw new UploadTooLargeError(limitBytes);
    await pendingWrite;
    await file.sync();
  } finally {
    await pendingWrite.catch(() => undefined);
    await file.close();
  }
}

function isSizeLimitError(error: unknown): boolean {
  return (error as { status?: unknown }).status === 413;
}
