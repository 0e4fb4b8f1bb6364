import { fileURLToPath } from "node:url";
import { loadSectorConfig } from "../../src/config/loadSectorConfig.ts";
import type { SectorConfig } from "../../src/config/sectorConfig.ts";

/** The reference tool's own sample (a copy of shared/fixtures/monthly_production.csv). */
export const REFERENCE_SAMPLE = fileURLToPath(
  new URL("../fixtures/reference_monthly_production.csv", import.meta.url),
);
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

let config: SectorConfig | undefined;
export function sectorConfig(): SectorConfig {
  config ??= loadSectorConfig();
  return config;
}

/** Bytes as a stream of chunks, optionally split small to exercise chunk boundaries. */
export async function* chunksOf(
  content: string | Uint8Array,
  chunkSize = 64 * 1024,
): AsyncGenerator<Uint8Array> {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
}

export const HEADER =
  "factory_id,sector,month,monthly_production_tons,energy_used_mwh,energy_source_type,raw_material_weight_tons";

export function csv(...rows: string[]): string {
  return `${[HEADER, ...rows].join("\n")}\n`;
}
