import {
  type DocumentNode,
  type ExecutionResult,
  Kind,
  type OperationDefinitionNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import { LruCache } from "../jobs/store/lruCache.ts";

/** What the resolvers of one request saw, so the cache knows whether its result may be kept. */
export interface CacheHints {
  /** Finished jobs the result shows. */
  readonly jobs: Set<string>;
  /** Set when the result shows anything that can still change (a running job, a null). */
  uncacheable: boolean;
}

export function newCacheHints(): CacheHints {
  return { jobs: new Set(), uncacheable: false };
}

/** Root fields whose results depend on one job only. */
const CACHEABLE_ROOT_FIELDS = new Set(["auditJob", "__typename"]);

/**
 * Whole results of queries that read only finished jobs (`auditJob` of a SUCCEEDED or FAILED
 * job: its results never change), so that the dashboard's repeated headline query costs a
 * lookup. Anything else (lists, running jobs, unknown ids, errors) is never cached; entries
 * expire after `ttlMs` and a deleted job's entries are dropped at once.
 */
export class ResponseCache {
  readonly #results: LruCache<ExecutionResult>;
  readonly #keysByJob = new Map<string, Set<string>>();

  constructor(capacity = 2048, ttlMs = 60_000) {
    this.#results = new LruCache(capacity, ttlMs);
  }

  get(key: string): ExecutionResult | undefined {
    return this.#results.get(key);
  }

  set(key: string, result: ExecutionResult, jobs: Iterable<string>): void {
    this.#results.set(key, result);
    for (const job of jobs) {
      let keys = this.#keysByJob.get(job);
      if (keys === undefined) {
        keys = new Set();
        this.#keysByJob.set(job, keys);
      }
      keys.add(key);
    }
  }

  invalidateJob(jobId: string): void {
    for (const key of this.#keysByJob.get(jobId) ?? []) this.#results.delete(key);
    this.#keysByJob.delete(jobId);
  }
}

interface CachingContext {
  readonly cacheHints?: CacheHints;
  readonly baseUrl?: string;
  readonly params?: { query?: string; operationName?: string | null; variables?: unknown };
}

export function useFinishedJobResponseCache(cache: ResponseCache): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const context = args.contextValue as CachingContext;
      const hints = context.cacheHints;
      if (hints === undefined || context.params?.query === undefined) return;
      if (!onlyCacheableRootFields(args.document, args.operationName ?? undefined)) return;
      const key = JSON.stringify([
        context.params.query,
        context.params.operationName ?? null,
        context.params.variables ?? null,
        context.baseUrl ?? null,
      ]);
      const hit = cache.get(key);
      if (hit !== undefined) {
        setResultAndStopExecution(hit);
        return;
      }
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          if ((result.errors?.length ?? 0) > 0 || hints.uncacheable || hints.jobs.size === 0)
            return;
          cache.set(key, result, hints.jobs);
        },
      };
    },
  };
}

function onlyCacheableRootFields(
  document: DocumentNode,
  operationName: string | undefined,
): boolean {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation =
    operationName === undefined
      ? operations[0]
      : operations.find((o) => o.name?.value === operationName);
  if (operation === undefined || operation.operation !== "query") return false;
  return operation.selectionSet.selections.every(
    (s) => s.kind === Kind.FIELD && CACHEABLE_ROOT_FIELDS.has(s.name.value),
  );
}
