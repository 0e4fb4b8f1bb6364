/** Opaque pagination cursors: base64url of a JSON array of the sort key. */

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export class InvalidCursorError extends Error {
  override readonly name = "InvalidCursorError";
}

/** Decodes a cursor whose key has the given element types, or throws InvalidCursorError. */
export function decodeCursor<T extends readonly ("string" | "number")[]>(
  cursor: string,
  shape: T,
): { [K in keyof T]: T[K] extends "string" ? string : number } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError(`"${cursor.slice(0, 40)}" is not a cursor this API returned`);
  }
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    !key.every(
      (part, i) => typeof part === shape[i] && (typeof part !== "number" || Number.isFinite(part)),
    )
  ) {
    throw new InvalidCursorError(`"${cursor.slice(0, 40)}" is not a cursor this API returned`);
  }
  return key as { [K in keyof T]: T[K] extends "string" ? string : number };
}
