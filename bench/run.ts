/**
 * npm run bench: generates a 1.2M-row file (100,000 factories) once, then measures the
 * engine and csv-parse alone on it, each in a fresh process, and prints both side by side.
 * Options: --factories N (default 100000), --runs N (default 3; the median is reported).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    factories: { type: "string", default: "100000" },
    runs: { type: "string", default: "3" },
  },
});
const factories = Number(values.factories);
const runs = Number(values.runs);

const dir = join(ROOT, "data", "bench");
mkdirSync(dir, { recursive: true });
const file = join(dir, `production_${factories}f_seed7.csv`);
if (!existsSync(file)) {
  process.stderr.write(`generating ${file} …\n`);
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "src/cli/generate-data.ts"),
      "--factories",
      String(factories),
      "--seed",
      "7",
      "--out",
      file,
    ],
    { stdio: "inherit" },
  );
}

interface Measurement {
  ms: number;
  rows: number;
  maxRssMb: number;
}

function measure(mode: "engine" | "csv-parse"): Measurement {
  const results: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "bench/measure.ts"), mode, file],
      {
        encoding: "utf8",
      },
    );
    results.push(JSON.parse(out) as Measurement);
  }
  const median = (pick: (m: Measurement) => number) =>
    results.map(pick).sort((a, b) => a - b)[Math.floor(results.length / 2)] ?? Number.NaN;
  return {
    ms: median((m) => m.ms),
    rows: results[0]?.rows ?? 0,
    maxRssMb: median((m) => m.maxRssMb),
  };
}

const sizeMb = statSync(file).size / 1024 / 1024;
process.stderr.write(`measuring ${runs} run(s) each on ${sizeMb.toFixed(1)} MB …\n`);
const baseline = measure("csv-parse");
const engine = measure("engine");

const row = (name: string, m: Measurement) =>
  `| ${name.padEnd(34)} | ${(m.ms / 1000).toFixed(2).padStart(7)} s | ${Math.round(
    m.rows / (m.ms / 1000),
  )
    .toLocaleString("en-US")
    .padStart(
      11,
    )} | ${m.maxRssMb.toFixed(0).padStart(8)} MB | ${(m.ms / baseline.ms).toFixed(2).padStart(6)}× |`;

console.log(
  `\nCarbon-Trace bench: ${engine.rows.toLocaleString("en-US")} rows, ${factories.toLocaleString("en-US")} factories, ${sizeMb.toFixed(1)} MB; median of ${runs} run(s), Node ${process.version}`,
);
console.log(
  "| scenario                           |    time   |   rows/s    |  peak RSS   | vs csv-parse |",
);
console.log(
  "|------------------------------------|-----------|-------------|-------------|---------|",
);
console.log(row("csv-parse alone (array mode)", baseline));
console.log(row("engine: clean + audit (auditCsv)", engine));
console.log(
  "| reference tool (reported, not run) |   21.00 s |      57,143 |     1300 MB |      — |",
);
if (engine.rows !== baseline.rows) {
  console.error(`row counts differ: engine ${engine.rows}, csv-parse ${baseline.rows}`);
  process.exitCode = 1;
}
