import type { ObjectRef } from "@pothos/core";
import type { Page } from "../jobs/jobTypes.ts";
import { builder, type Types } from "./builder.ts";

export interface PageInfoShape {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface ConnectionShape<T> {
  readonly edges: readonly { readonly cursor: string; readonly node: T }[];
  readonly pageInfo: PageInfoShape;
  readonly totalCount: number;
}

const PageInfo = builder.objectRef<PageInfoShape>("PageInfo").implement({
  description: "Where a page ends; pass endCursor as `after` for the next page.",
  fields: (t) => ({
    hasNextPage: t.exposeBoolean("hasNextPage"),
    endCursor: t.exposeString("endCursor", { nullable: true }),
  }),
});

/** A cursor connection type (`<Name>Connection` with `<Name>Edge`) over a node type. */
export function connectionType<T extends object>(
  name: string,
  node: ObjectRef<Types, T>,
): ObjectRef<Types, ConnectionShape<T>> {
  const Edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor"),
      // Pothos cannot check a resolver against a still-generic T; the shapes match by construction.
      node: t.field({ type: node, resolve: (edge) => edge.node as never }),
    }),
  });
  return builder.objectRef<ConnectionShape<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (c) => [...c.edges] }),
      nodes: t.field({
        type: [node],
        description: "The edges' nodes, for clients that need no cursors.",
        resolve: (c) => c.edges.map((e) => e.node) as never,
      }),
      pageInfo: t.field({ type: PageInfo, resolve: (c) => c.pageInfo }),
      totalCount: t.exposeInt("totalCount", {
        description: "Items matching the filters, over all pages.",
      }),
    }),
  });
}

export function toConnection<T>(page: Page<T>, cursorOf: (item: T) => string): ConnectionShape<T> {
  const edges = page.items.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: page.totalCount,
  };
}
