import SchemaBuilder from "@pothos/core";
import type { FileUpload } from "graphql-upload-minimal";
import type { JobAssets } from "../jobs/assets.ts";
import type { JobService } from "../jobs/jobService.ts";
import type { CacheHints } from "./responseCache.ts";

export interface GraphQLContext {
  readonly jobs: JobService;
  readonly assets: JobAssets;
  /** Origin for absolute asset URLs: PUBLIC_URL, else the request's own. */
  readonly baseUrl: string;
  /** Filled by resolvers: may this request's result be cached? */
  readonly cacheHints: CacheHints;
}

export interface BuilderTypes {
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Upload: { Input: Promise<FileUpload>; Output: never };
    JSON: { Input: unknown; Output: unknown };
  };
}

/** The one Pothos builder; every type and field registers itself on it. */
export const builder = new SchemaBuilder<BuilderTypes>({ defaultFieldNullability: false });

export type Types = PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>;

builder.queryType({ description: "Audit jobs and their results." });
builder.mutationType({ description: "Uploading and deleting audit jobs." });
