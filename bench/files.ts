import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = join(ROOT, "data", "bench");

/** A generated production file, made once and reused by later runs (data/bench is ignored). */
export function benchFile(
  factories: number,
  years = 1,
): { path: string; rows: number; mb: number } {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `production_${factories}f_${years}y_seed7.csv`);
  if (!existsSync(path)) {
    process.stderr.write(`generating ${path} …\n`);
    const partial = `${path}.part`;
    execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "src/cli/generate-data.ts"),
        "--factories",
        String(factories),
        "--years",
        String(years),
        "--seed",
        "7",
        "--out",
        partial,
      ],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
    renameSync(partial, path);
  }
  return { path, rows: factories * years * 12, mb: statSync(path).size / 1024 / 1024 };
}
