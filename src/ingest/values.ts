/** Parsers for single CSV cells. Each answers a value or the reason it has none. */

export type NumberProblem = "MISSING_VALUE" | "INVALID_NUMBER" | "NON_FINITE_NUMBER";

/** The number, or why there is none (a string, so that the common case allocates nothing). */
export type NumberReading = number | NumberProblem;

const NON_FINITE_WORDS = new Set([
  "inf",
  "+inf",
  "-inf",
  "infinity",
  "+infinity",
  "-infinity",
  "nan",
]);

/** A plain decimal number (no hex, no thousands separators); the caller checks the sign. */
export function readNumber(raw: string): NumberReading {
  // Most cells need no trimming; trim() is only paid for the ones that do.
  const text = hasEdgeSpace(raw) ? raw.trim() : raw;
  if (text.length === 0) return "MISSING_VALUE";
  const plain = readPlainDecimal(text);
  if (!Number.isNaN(plain)) return plain;
  if (!isDecimal(text)) {
    return NON_FINITE_WORDS.has(text.toLowerCase()) ? "NON_FINITE_NUMBER" : "INVALID_NUMBER";
  }
  const value = Number(text);
  return Number.isFinite(value) ? value : "NON_FINITE_NUMBER";
}

/** Powers of ten that are float64s exactly (all are, up to 1e22). */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);
/** Up to this many digits the integer they spell is below 2^53: an exact float64. */
const MAX_EXACT_DIGITS = 15;

/**
 * `[+-]?digits[.digits]` with at most 15 digits, else NaN. The digits spell an exact integer m
 * and 10^k is exact, so m / 10^k is one correctly rounded division: the very float64 that
 * Number(text) gives (Clinger's fast path), at a fraction of its cost.
 */
function readPlainDecimal(text: string): number {
  const n = text.length;
  let i = 0;
  let code = text.charCodeAt(0);
  const negative = code === 45;
  if (negative || code === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = -1;
  for (; i < n; i++) {
    code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      if (fractionDigits >= 0) fractionDigits++;
    } else if (code === 46 && fractionDigits < 0) {
      fractionDigits = 0;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > MAX_EXACT_DIGITS) return Number.NaN;
  const value =
    fractionDigits > 0 ? mantissa / (POWERS_OF_TEN[fractionDigits] as number) : mantissa;
  return negative ? -value : value;
}

function hasEdgeSpace(text: string): boolean {
  return (
    text.length > 0 &&
    (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32 || text.charCodeAt(0) > 126)
  );
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** `[+-]?(digits[.digits*]|.digits)([eE][+-]?digits)?`, scanned without a regular expression. */
function isDecimal(text: string): boolean {
  let i = 0;
  const n = text.length;
  let code = text.charCodeAt(0);
  if (code === 43 || code === 45) i++;
  let digits = 0;
  while (i < n && isDigit(text.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < n && text.charCodeAt(i) === 46) {
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return false;
  if (i === n) return true;
  code = text.charCodeAt(i);
  if (code !== 101 && code !== 69) return false;
  i++;
  code = text.charCodeAt(i);
  if (code === 43 || code === 45) i++;
  const exponentStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  return i === n && i > exponentStart;
}

const MONTH_NAMES: ReadonlyMap<string, number> = new Map(
  [
    ["january", "jan"],
    ["february", "feb"],
    ["march", "mar"],
    ["april", "apr"],
    ["may", "may"],
    ["june", "jun"],
    ["july", "jul"],
    ["august", "aug"],
    ["september", "sep", "sept"],
    ["october", "oct"],
    ["november", "nov"],
    ["december", "dec"],
  ].flatMap((names, index) => names.map((name) => [name, index + 1] as const)),
);

const MONTH_NUMBER = /^\d{1,2}(?:\.0*)?$/;
const YEAR_MONTH = /^(\d{4})-(\d{1,2})$/;

export interface MonthReading {
  readonly month: number;
  /** Set when the cell was `YYYY-MM`. */
  readonly year: number | null;
}

/** Shared readings for months without a year: the common case allocates nothing. */
const PLAIN_MONTHS: readonly (MonthReading | undefined)[] = Array.from(
  { length: 13 },
  (_, month) => (month === 0 ? undefined : Object.freeze({ month, year: null })),
);

/** 1–12, `Jan`/`January`, or `YYYY-MM`; anything else (0, 13, 3.5, "") is null. */
export function readMonth(raw: string): MonthReading | null {
  if (raw.length === 1 || raw.length === 2) {
    const tens = raw.length === 2 ? raw.charCodeAt(0) - 48 : 0;
    const units = raw.charCodeAt(raw.length - 1) - 48;
    if (tens >= 0 && tens <= 9 && units >= 0 && units <= 9)
      return PLAIN_MONTHS[tens * 10 + units] ?? null;
  }
  const text = raw.trim();
  if (MONTH_NUMBER.test(text)) {
    return PLAIN_MONTHS[Number(text)] ?? null;
  }
  const yearMonth = YEAR_MONTH.exec(text);
  if (yearMonth !== null) {
    const year = readYear(yearMonth[1] ?? "");
    const month = Number(yearMonth[2]);
    return year !== null && month >= 1 && month <= 12 ? { month, year } : null;
  }
  const named = MONTH_NAMES.get(text.toLowerCase());
  return named === undefined ? null : (PLAIN_MONTHS[named] ?? null);
}

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
const YEAR = /^\d{4}(?:\.0*)?$/;

/** A four-digit year between MIN_YEAR and MAX_YEAR, or null. */
export function readYear(raw: string): number | null {
  const text = raw.trim();
  if (!YEAR.test(text)) return null;
  const year = Number(text);
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
}
