import { describe, expect, it } from "vitest";
import { readNumber } from "../../src/ingest/values.ts";

describe("readNumber", () => {
  it("gives exactly the float64 that Number() gives, for every plain decimal shape", () => {
    const samples = [
      "0",
      "-0",
      "+7",
      "0.1",
      "0.3",
      "1.005",
      ".5",
      "5.",
      "007.250",
      "123456789012345",
      "12345678901234.5",
      "0.000000000000001",
      "9007199254740993", // 16 digits: past the exact-integer range, read by Number()
      "1234567890.123456789",
      "1e3",
      "2.5E-3",
    ];
    let state = 12345;
    const digit = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return String(state % 10);
    };
    for (let n = 0; n < 20_000; n++) {
      let text = n % 7 === 0 ? "-" : "";
      for (let i = n % 9; i >= 0; i--) text += digit();
      if (n % 3 !== 0) text += ".";
      for (let i = n % 8; i > 0; i--) text += digit();
      samples.push(text);
    }
    for (const text of samples) expect(Object.is(readNumber(text), Number(text)), text).toBe(true);
  });

  it("says why a cell holds no number", () => {
    expect(readNumber("")).toBe("MISSING_VALUE");
    expect(readNumber("  ")).toBe("MISSING_VALUE");
    expect(readNumber("1,5")).toBe("INVALID_NUMBER");
    expect(readNumber("1.2.3")).toBe("INVALID_NUMBER");
    expect(readNumber("-")).toBe("INVALID_NUMBER");
    expect(readNumber(".")).toBe("INVALID_NUMBER");
    expect(readNumber("0x10")).toBe("INVALID_NUMBER");
    expect(readNumber("Infinity")).toBe("NON_FINITE_NUMBER");
    expect(readNumber("nan")).toBe("NON_FINITE_NUMBER");
    expect(readNumber("1e999")).toBe("NON_FINITE_NUMBER");
    expect(readNumber(" 42.5 ")).toBe(42.5);
  });
});
