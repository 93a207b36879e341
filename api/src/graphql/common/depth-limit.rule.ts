import { GraphQLError, Kind, type ASTNode, type FragmentDefinitionNode, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Rejects operations nested deeper than `maxDepth` selections (fragments are followed, each once
 * per path), so one request cannot make the server walk an arbitrarily deep tree.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (node: ASTNode, seen: ReadonlySet<string>): number => {
      if (node.kind === Kind.FIELD) return node.selectionSet ? 1 + depthOf(node.selectionSet, seen) : 1;
      if (node.kind === Kind.SELECTION_SET) return Math.max(0, ...node.selections.map((s) => depthOf(s, seen)));
      if (node.kind === Kind.INLINE_FRAGMENT) return depthOf(node.selectionSet, seen);
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(node.name.value);
        if (!fragment || seen.has(node.name.value)) return 0;
        return depthOf(fragment.selectionSet, new Set([...seen, node.name.value]));
      }
      return 0;
    };
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`query depth ${depth} exceeds the limit of ${maxDepth}`, {
              nodes: [operation],
              extensions: { code: 'BAD_INPUT' },
            }),
          );
        }
      },
    };
  };
}
