import { GraphQLError } from "graphql";
import { isJobId } from "../jobs/jobService.ts";
import { InvalidCursorError } from "../jobs/store/cursor.ts";

/** An error in the request that the client can fix; never masked. */
export function badInput(message: string, code = "BAD_USER_INPUT"): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export const MAX_PAGE_SIZE = 500;

/** `first` within 1..MAX_PAGE_SIZE, or the default when absent. */
export function pageSize(first: number | null | undefined, fallback: number): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return first;
}

/** A job id checked before it touches a query or a path. */
export function jobId(id: string): string {
  if (!isJobId(id))
    throw badInput(`"${id.slice(0, 60)}" is not an audit job id (a UUID)`, "INVALID_ID");
  return id;
}

/** Runs a store call, turning a bad cursor into a client error. */
export async function withCursor<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw badInput(error.message, "INVALID_CURSOR");
    throw error;
  }
}
