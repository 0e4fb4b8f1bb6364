import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { productionCsvChunks } from "../generator/productionData.ts";

const USAGE =
  "usage: npm run generate-data -- --out FILE [--factories N] [--seed S] [--years Y] [--start-year YYYY]";

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number ≥ 1`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      factories: { type: "string" },
      seed: { type: "string" },
      years: { type: "string" },
      "start-year": { type: "string" },
    },
  });
  if (values.out === undefined) throw new Error("--out FILE is required");
  const options = {
    factories: positiveInt("factories", values.factories, 50),
    seed: positiveInt("seed", values.seed, 42),
    years: positiveInt("years", values.years, 1),
    startYear: positiveInt("start-year", values["start-year"], 2024),
  };
  const out = createWriteStream(values.out);
  for (const chunk of productionCsvChunks(options)) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  process.stderr.write(
    `wrote ${options.factories * options.years * 12} rows for ${options.factories} factories to ${values.out}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`generate-data: ${(error as Error).message}\n${USAGE}\n`);
  process.exitCode = 2;
});
