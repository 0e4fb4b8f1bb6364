import type { MonthParts } from "../../audit/monthlySeries.ts";

/**
 * A factory's months as stored: the float64 values [month, productionKg, energyKg,
 * materialKg] per month, little-endian — exact, and a third of the size of JSON. SQLite
 * stores the bytes as they are; PostgreSQL's text column gets them in base64.
 */
export function packMonths(parts: Iterable<MonthParts>): Buffer {
  let count = 0;
  const values = new Float64Array(12 * 4);
  for (const part of parts) {
    for (const value of part) values[count++] = value;
  }
  const buffer = Buffer.allocUnsafe(count * 8);
  for (let i = 0; i < count; i++) buffer.writeDoubleLE(values[i] as number, i * 8);
  return buffer;
}

export function encodeMonths(parts: Iterable<MonthParts>): string {
  return packMonths(parts).toString("base64");
}

/** Months stored either way: bytes (SQLite) or base64 text (PostgreSQL, and older SQLite rows). */
export function decodeMonths(packed: string | Uint8Array): MonthParts[] {
  const buffer =
    typeof packed === "string"
      ? Buffer.from(packed, "base64")
      : Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const parts: MonthParts[] = [];
  for (let at = 0; at + 32 <= buffer.length; at += 32) {
    parts.push([
      buffer.readDoubleLE(at),
      buffer.readDoubleLE(at + 8),
      buffer.readDoubleLE(at + 16),
      buffer.readDoubleLE(at + 24),
    ]);
  }
  return parts;
}
