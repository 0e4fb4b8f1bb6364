import { ownedString } from "./ownedString.ts";

/** DROPPED: the row was not audited. WARNING: the row was audited, as the message says. */
export type IssueSeverity = "DROPPED" | "WARNING";

interface IssueKind {
  readonly severity: IssueSeverity;
  /** One human-readable line summarising every issue of this kind. */
  readonly action: (count: number) => string;
}

const rows = (n: number): string => `${n} row${n === 1 ? "" : "s"}`;

export const ISSUE_KINDS = {
  MALFORMED_ROW: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} that are not valid CSV`,
  },
  TOO_FEW_FIELDS: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} with fewer fields than the header`,
  },
  TOO_MANY_FIELDS: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} with more fields than the header`,
  },
  INVALID_ENCODING: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} with bytes that are not UTF-8 text`,
  },
  EMPTY_FACTORY_ID: { severity: "DROPPED", action: (n) => `Removed ${rows(n)} with no factory id` },
  UNKNOWN_SECTOR: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} whose sector is missing or not configured`,
  },
  INVALID_MONTH: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} whose month is not 1–12, a month name or YYYY-MM`,
  },
  INVALID_YEAR: { severity: "DROPPED", action: (n) => `Removed ${rows(n)} with an invalid year` },
  YEAR_CONFLICT: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} whose year column contradicts a YYYY-MM month`,
  },
  MISSING_VALUE: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} missing production or energy`,
  },
  INVALID_NUMBER: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} whose production or energy is not a number`,
  },
  NON_FINITE_NUMBER: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} whose production or energy is infinite or NaN`,
  },
  NEGATIVE_VALUE: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} with negative production or energy`,
  },
  DUPLICATE_ROW: {
    severity: "DROPPED",
    action: (n) => `Removed ${rows(n)} superseded by a later row for the same factory and month`,
  },
  UNKNOWN_ENERGY_SOURCE: {
    severity: "WARNING",
    action: (n) => `Audited ${rows(n)} with an unknown energy source as the default source`,
  },
  NEGATIVE_RAW_MATERIAL: {
    severity: "WARNING",
    action: (n) => `Counted negative raw material as 0 in ${rows(n)}`,
  },
  INVALID_RAW_MATERIAL: {
    severity: "WARNING",
    action: (n) => `Counted unreadable raw material as 0 in ${rows(n)}`,
  },
  SECTOR_CONFLICT: {
    severity: "WARNING",
    action: (n) => `Audited ${rows(n)} under the sector their factory was first reported with`,
  },
} as const satisfies Record<string, IssueKind>;

export type IssueCode = keyof typeof ISSUE_KINDS;

export interface RowIssue {
  /** 1-based line of the file where the row starts. */
  readonly line: number;
  /** Canonical column name, or null when the issue is about the whole row. */
  readonly column: string | null;
  /** The raw value, truncated, or null when there is none. */
  readonly value: string | null;
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  readonly message: string;
}

export interface IssueCount {
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  readonly count: number;
}

const MAX_VALUE_LENGTH = 100;

export function truncateValue(value: string): string {
  return value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
}

/** Where issues go: something that keeps them (memory, a database) and counts them. */
export interface IssueSink {
  add(issue: RowIssue): void;
}

/**
 * Counts every issue by code and keeps the first `keep` of them in memory, so a file whose
 * every row is wrong cannot exhaust memory; `forward` also receives every issue.
 */
export class IssueLog implements IssueSink {
  readonly #counts = new Map<IssueCode, number>();
  readonly #kept: RowIssue[] = [];
  readonly #keep: number;
  readonly #forward: IssueSink | undefined;
  #total = 0;

  constructor(options: { keep?: number; forward?: IssueSink } = {}) {
    this.#keep = options.keep ?? 100_000;
    this.#forward = options.forward;
  }

  add(issue: RowIssue): void {
    this.#total += 1;
    this.#counts.set(issue.code, (this.#counts.get(issue.code) ?? 0) + 1);
    if (this.#kept.length < this.#keep) this.#kept.push(issue);
    this.#forward?.add(issue);
  }

  report(
    code: IssueCode,
    line: number,
    column: string | null,
    value: string | null,
    message: string,
  ): void {
    this.add({
      line,
      column,
      value: value === null ? null : ownedString(truncateValue(value)),
      code,
      severity: ISSUE_KINDS[code].severity,
      message: ownedString(message),
    });
  }

  count(severity: IssueSeverity): number {
    let total = 0;
    for (const [code, count] of this.#counts) {
      if (ISSUE_KINDS[code].severity === severity) total += count;
    }
    return total;
  }

  get total(): number {
    return this.#total;
  }

  /** Kept issues in line order (duplicates are reported late, for an earlier line). */
  get issues(): readonly RowIssue[] {
    return [...this.#kept].sort((a, b) => a.line - b.line);
  }

  get omitted(): number {
    return this.#total - this.#kept.length;
  }

  get counts(): IssueCount[] {
    return [...this.#counts.entries()]
      .map(([code, count]) => ({ code, severity: ISSUE_KINDS[code].severity, count }))
      .sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  get actions(): string[] {
    return [...this.#counts.entries()].map(([code, count]) => ISSUE_KINDS[code].action(count));
  }
}
