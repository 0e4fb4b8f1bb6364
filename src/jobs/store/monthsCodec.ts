import { endianness } from "node:os";
import type { MonthParts } from "../../audit/monthlySeries.ts";

const LITTLE_ENDIAN = endianness() === "LE";

/**
 * A factory's months as stored: the float64 values [month, productionKg, energyKg,
 * materialKg] per month, little-endian — exact, and a third of the size of JSON. SQLite
 * stores the bytes as they are; PostgreSQL's text column gets them in base64.
 */
export function packMonths(flat: Float64Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(flat.buffer, flat.byteOffset, flat.byteLength);
  const buffer = Buffer.allocUnsafe(flat.length * 8);
  for (let i = 0; i < flat.length; i++) buffer.writeDoubleLE(flat[i] as number, i * 8);
  return buffer;
}

export function encodeMonths(flat: Float64Array): string {
  return packMonths(flat).toString("base64");
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
