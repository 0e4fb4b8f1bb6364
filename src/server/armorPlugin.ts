import {
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import type { Plugin } from "graphql-yoga";

export interface ArmorLimits {
  /** Deepest selection allowed (GraphiQL's introspection query needs about 13). */
  readonly maxDepth: number;
  /** Largest document, in lexical tokens. */
  readonly maxTokens: number;
}

export const DEFAULT_ARMOR: ArmorLimits = { maxDepth: 15, maxTokens: 5000 };

/** Refuses documents that are too deep or too long before they are executed. */
export function useArmor(limits: ArmorLimits = DEFAULT_ARMOR): Plugin {
  return {
    onParse({ parseFn, setParseFn }) {
      setParseFn((source, options) => parseFn(source, { ...options, maxTokens: limits.maxTokens }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(maxDepthRule(limits.maxDepth));
    },
  };
}

export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION)
        fragments.set(definition.name.value, definition);
    }
    // Depth of each fragment's own selection, so that fragment fan-out stays linear.
    const fragmentDepth = new Map<string, number>();

    const depthOf = (selectionSet: SelectionSetNode, visiting: ReadonlySet<string>): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        let depth = 0;
        if (selection.kind === Kind.FIELD) {
          depth =
            selection.selectionSet === undefined
              ? 1
              : 1 + depthOf(selection.selectionSet, visiting);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          depth = depthOf(selection.selectionSet, visiting);
        } else {
          const name = selection.name.value;
          const fragment = fragments.get(name);
          if (fragment === undefined || visiting.has(name)) continue; // other rules report these
          let known = fragmentDepth.get(name);
          if (known === undefined) {
            known = depthOf(fragment.selectionSet, new Set([...visiting, name]));
            fragmentDepth.set(name, known);
          }
          depth = known;
        }
        if (depth > deepest) deepest = depth;
        if (deepest > maxDepth) return deepest;
      }
      return deepest;
    };

    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`the query is nested ${depth} levels deep; the limit is ${maxDepth}`, {
              nodes: [operation],
              extensions: { code: "QUERY_TOO_DEEP" },
            }),
          );
        }
      },
    };
  };
}
