import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { productionCsvChunks } from "../../src/generator/productionData.ts";

/** A generated production file of `factories` × 12 rows, as text. */
export function productionCsv(factories: number, seed = 11): string {
  return [...productionCsvChunks({ factories, seed })].join("");
}

/** The same, written to a temporary file; returns its path. */
export function productionFile(factories: number, seed = 11): string {
  const path = join(mkdtempSync(join(tmpdir(), "ct-gen-")), `production_${factories}.csv`);
  writeFileSync(path, productionCsv(factories, seed));
  return path;
}
