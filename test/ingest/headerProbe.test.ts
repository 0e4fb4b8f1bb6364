import { describe, expect, it } from "vitest";
import { HeaderProbe } from "../../src/ingest/headerProbe.ts";
import { csv } from "../support/fixtures.ts";

function probe(...chunks: (string | Uint8Array)[]) {
  const headerProbe = new HeaderProbe();
  let total = 0;
  for (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    total += bytes.byteLength;
    const problem = headerProbe.feed(bytes);
    if (problem !== null) return problem;
  }
  return headerProbe.finish(total);
}

describe("HeaderProbe (the check of a file stored to wait in the queue)", () => {
  it("accepts a good header, even split across chunks and after blank lines", () => {
    expect(probe(csv("F1,Steel,1,1,1,coal,0"))).toBeNull();
    expect(
      probe(
        "\n\nfactory_id,sec",
        "tor,month,monthly_production_tons,energy_used_mwh\nF1,Steel,1,1,1\n",
      ),
    ).toBeNull();
  });

  it("refuses what the full cleaner would refuse at the top of the file", () => {
    expect(probe("")?.code).toBe("EMPTY_FILE");
    expect(probe(Uint8Array.from([0x1f, 0x8b, 8, 0]))?.code).toBe("BINARY_FILE");
    expect(probe("factory_id,sector\nF1,Steel\n")?.code).toBe("MISSING_COLUMNS");
    expect(probe("factory_id,sector,month")?.message).toMatch(
      /monthly_production_tons, energy_used_mwh/,
    );
  });
});
