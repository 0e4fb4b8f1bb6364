import type { MonthParts } from "../../audit/monthlySeries.ts";

/**
 * A factory's months as stored: the float64 values [month, productionKg, energyKg,
 * materialKg] per month, little-endian, in base64 text — exact, a third of the size of JSON,
 * and a TEXT column on SQLite and PostgreSQL alike.
 */
export function encodeMonths(parts: Iterable<MonthParts>): string {
  const values: number[] = [];
  for (const part of parts) values.push(...part);
  const buffer = Buffer.allocUnsafe(values.length * 8);
  for (let i = 0; i < values.length; i++) buffer.writeDoubleLE(values[i] ?? 0, i * 8);
  return buffer.toString("base64");
}

export function decodeMonths(packed: string): MonthParts[] {
  const buffer = Buffer.from(packed, "base64");
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
