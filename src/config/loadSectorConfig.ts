import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseSectorConfig, type SectorConfig, SectorConfigError } from "./sectorConfig.ts";

export const DEFAULT_SECTOR_CONFIG_PATH = fileURLToPath(
  new URL("../../config/sectors.json", import.meta.url),
);

/** Reads and validates the factor file; any problem is one SectorConfigError naming it. */
export function loadSectorConfig(path: string = DEFAULT_SECTOR_CONFIG_PATH): SectorConfig {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new SectorConfigError(`cannot read sector config ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new SectorConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return parseSectorConfig(json, sha256, path);
}
