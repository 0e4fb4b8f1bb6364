/** Prints the Pothos schema to schema/schema.graphql (npm run schema). */
import { writeFileSync } from "node:fs";
import { printSdl } from "../src/graphql/schema.ts";

const target = new URL("../schema/schema.graphql", import.meta.url);
writeFileSync(target, printSdl());
process.stderr.write(`wrote ${target.pathname}\n`);
