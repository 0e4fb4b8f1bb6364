const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * A text cell made safe for spreadsheets (OWASP CSV injection: a leading quote stops
 * `=`, `+`, `-`, `@`, tab and carriage return from starting a formula) and quoted when
 * it holds a delimiter, a quote or a line break.
 */
export function textCell(value: string): string {
  const safe = value.length > 0 && FORMULA_TRIGGERS.has(value[0] ?? "") ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A number with two decimals, as the reference tool wrote them. */
export function amountCell(value: number): string {
  return value.toFixed(2);
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.join(",")}\n`;
}
