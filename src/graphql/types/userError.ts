import { builder } from "../builder.ts";

export const USER_ERROR_CODES = [
  "EMPTY_FILE",
  "NO_DATA_ROWS",
  "BINARY_FILE",
  "UNSUPPORTED_ENCODING",
  "MISSING_COLUMNS",
  "DUPLICATE_COLUMNS",
  "UNTERMINATED_QUOTE",
  "RECORD_TOO_LARGE",
  "MALFORMED_CSV",
  "FILE_TOO_LARGE",
  "UPLOAD_INTERRUPTED",
  "INVALID_YEAR",
  "INVALID_ID",
  "NOT_FOUND",
  "JOB_NOT_FINISHED",
] as const;

export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export interface UserErrorShape {
  readonly code: UserErrorCode;
  readonly message: string;
  /** Path of the input field at fault, e.g. ["file"] or ["input", "year"]. */
  readonly field: readonly string[] | null;
  /** Line of the file at fault, when there is one. */
  readonly line: number | null;
}

export const UserErrorCodeEnum = builder.enumType("UserErrorCode", { values: USER_ERROR_CODES });

export const UserError = builder.objectRef<UserErrorShape>("UserError").implement({
  description:
    "A problem with what was sent that the user can fix; `message` can be shown as it is.",
  fields: (t) => ({
    code: t.field({ type: UserErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString("message"),
    field: t.exposeStringList("field", { nullable: true }),
    line: t.exposeInt("line", { nullable: true }),
  }),
});

export function userError(
  code: UserErrorCode,
  message: string,
  options: { field?: readonly string[]; line?: number | null } = {},
): UserErrorShape {
  return { code, message, field: options.field ?? null, line: options.line ?? null };
}
