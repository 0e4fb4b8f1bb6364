import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * Typed documents for the example operations (schema/operations/*.graphql), generated from
 * the committed SDL. The API tests import them; `npm run codegen` regenerates them and
 * `npm run typecheck` runs it first, so a stale operation fails the typecheck.
 */
const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["schema/operations/*.graphql"],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    "test/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", Upload: "File" },
      },
    },
  },
};

export default config;
