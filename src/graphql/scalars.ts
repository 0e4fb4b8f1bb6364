import { GraphQLError, Kind } from "graphql";
import { GraphQLUpload } from "graphql-upload-minimal";
import { builder } from "./builder.ts";

builder.addScalarType("Upload", GraphQLUpload, {});

builder.scalarType("DateTime", {
  description: "An instant, as an ISO-8601 string in UTC (2024-03-01T12:00:00.000Z).",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("DateTime must be an ISO-8601 string");
    return parseDateTime(ast.value);
  },
});

function parseDateTime(value: unknown): Date {
  const date = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError("DateTime must be an ISO-8601 string");
  return date;
}

builder.scalarType("JSON", {
  description: "Any JSON value (used for Vega-Lite specs).",
  serialize: (value) => value,
  parseValue: (value) => value,
});
