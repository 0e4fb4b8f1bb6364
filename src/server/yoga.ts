import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { GraphQLContext } from "../graphql/builder.ts";
import {
  newCacheHints,
  ResponseCache,
  useFinishedJobResponseCache,
} from "../graphql/responseCache.ts";
import { schema } from "../graphql/schema.ts";
import type { JobAssets } from "../jobs/assets.ts";
import type { JobService } from "../jobs/jobService.ts";
import { useArmor } from "./armorPlugin.ts";
import { useBodyLimits } from "./bodyLimitPlugin.ts";
import { readExampleOperations } from "./exampleOperations.ts";
import type { Logger } from "./logger.ts";
import { useStreamedUploads } from "./uploadPlugin.ts";

export const GRAPHQL_PATH = "/graphql";
/** Largest non-upload request body (uploads are streamed and limited separately). */
const MAX_JSON_BODY_BYTES = 1024 * 1024;

export type CarbonTraceYoga = YogaServerInstance<Record<string, unknown>, GraphQLContext>;

export function createCarbonTraceYoga(options: {
  jobs: JobService;
  assets: JobAssets;
  maxUploadBytes: number;
  /** Origin for absolute asset URLs; default: each request's own. */
  publicUrl: string | null;
  logger: Logger;
}): CarbonTraceYoga {
  const responseCache = new ResponseCache();
  options.jobs.onJobRemoved((jobId) => responseCache.invalidateJob(jobId));
  const tabs = readExampleOperations().map(({ query }) => ({ query }));
  return createYoga<Record<string, unknown>, GraphQLContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: (initial) => ({
      jobs: options.jobs,
      assets: options.assets,
      baseUrl: options.publicUrl ?? requestOrigin(initial),
      cacheHints: newCacheHints(),
    }),
    multipart: false,
    // Replaced by useBodyLimits, which tells uploads from other requests.
    maxRequestBodySize: false,
    landingPage: false,
    logging: options.logger,
    graphiql: {
      title: "Carbon-Trace GraphQL",
      defaultTabs: tabs,
      defaultQuery: tabs[0]?.query,
    },
    // GraphiQL's assets are inlined strings of about 45 MB in memory: loaded on first view.
    renderGraphiQL: async (graphiqlOptions) =>
      (await import("@graphql-yoga/render-graphiql")).renderGraphiQL(graphiqlOptions),
    plugins: [
      useStreamedUploads({ maxFileBytes: options.maxUploadBytes }),
      useBodyLimits({ jsonBytes: MAX_JSON_BODY_BYTES, uploadBytes: options.maxUploadBytes }),
      useArmor(),
      useFinishedJobResponseCache(responseCache),
    ],
  });
}

/** The origin a client used: from the fetch Request over HTTP, from the upgrade request over WebSocket. */
function requestOrigin(initial: { request?: Request; req?: unknown }): string {
  if (initial.request !== undefined) return new URL(initial.request.url).origin;
  const headers = (initial.req as { headers?: Record<string, string | undefined> } | undefined)
    ?.headers;
  return `http://${headers?.host ?? "localhost"}`;
}
