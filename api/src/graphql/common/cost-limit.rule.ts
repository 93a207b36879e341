import {
  GraphQLError,
  Kind,
  type FieldNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

// Structural checks instead of graphql's `isListType` & co.: those use `instanceof`, and
// type-graphql builds the schema with graphql's CommonJS build while this module gets the ESM
// one (the dual-package hazard), so instanceof would fail.
function namedTypeOf(type: GraphQLType): GraphQLNamedType {
  let t: GraphQLType = type;
  while ('ofType' in t) t = t.ofType;
  return t;
}

function isList(type: GraphQLType): boolean {
  return String(type).replace(/!$/, '').startsWith('[');
}

function fieldsOf(type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  return 'getFields' in type && !('getTypes' in type) ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>) : undefined;
}

function hasSelections(type: GraphQLNamedType): boolean {
  return 'getFields' in type || 'getTypes' in type;
}

function intOf(value: ValueNode | undefined): number | undefined {
  return value?.kind === Kind.INT ? Math.max(0, Number.parseInt(value.value, 10)) : undefined;
}

/** Limits of the cost estimate (see `costLimitRule`). */
export interface CostLimitOptions {
  /** Highest accepted estimated cost. */
  readonly maxCost: number;
  /** Assumed length of a list field without a size argument (outside a sized connection). */
  readonly defaultListSize: number;
  /** Assumed size when `first`/`limit` comes from a variable without a value or default (the page cap). */
  readonly maxListSize: number;
  /**
   * The request's variable values, when known (`costLimitPlugin`). A validation rule runs before
   * them, so without this a variable counts at its default, or `maxListSize` without one.
   */
  readonly variables?: Readonly<Record<string, unknown>>;
}

const SIZE_ARGS = ['first', 'limit'] as const;

/**
 * Rejects operations whose estimated cost exceeds `maxCost`, with code `QUERY_TOO_COSTLY`.
 * Every field costs 1; a field with a `first`/`limit` argument multiplies the cost of its
 * selections by that size (the literal, the variable's value when `options.variables` has it,
 * else its default, `maxListSize` for a variable without one, else the argument's schema
 * default); a list of objects without one multiplies by `defaultListSize`, except directly under
 * a sized field (the `items` of a connection). Validation runs before variables are known (and
 * Apollo caches it per document), so a variable's default is only a first guess: register
 * `costLimitPlugin` too, which re-costs the operation with the values sent. Introspection
 * (`__schema`, `__type`) is free: its size is the schema's, bounded, and GraphiQL needs it.
 */
export function costLimitRule(options: CostLimitOptions): ValidationRule {
  return (context: ValidationContext) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(operation) {
        const error = costErrorOf(context.getSchema(), fragments, operation, options);
        if (error) context.reportError(error);
      },
    };
  };
}

/** `QUERY_TOO_COSTLY` for an operation of `document` over the limit, else undefined (outside validation). */
export function costLimitError(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, options: CostLimitOptions): GraphQLError | undefined {
  return costErrorOf(schema, fragmentsOf(document), operation, options);
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  return fragments;
}

function costErrorOf(
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  operation: OperationDefinitionNode,
  options: CostLimitOptions,
): GraphQLError | undefined {
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const cost = new CostEstimator(schema, options, fragments, operation).selectionCost(operation.selectionSet, root, false, new Set());
  if (cost <= options.maxCost) return undefined;
  return new GraphQLError(`query cost ${cost} exceeds the limit of ${options.maxCost}; ask for smaller pages or fewer nested lists`, {
    nodes: [operation],
    extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: options.maxCost },
  });
}

class CostEstimator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: CostLimitOptions,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly operation: OperationDefinitionNode,
  ) {}

  selectionCost(set: SelectionSetNode, parent: GraphQLNamedType, parentSized: boolean, seen: ReadonlySet<string>): number {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += this.fieldCost(selection, parent, parentSized, seen);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        total += this.selectionCost(selection.selectionSet, type ?? parent, parentSized, seen);
      } else {
        const fragment = this.fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = this.schema.getType(fragment.typeCondition.name.value) ?? parent;
        total += this.selectionCost(fragment.selectionSet, type, parentSized, new Set([...seen, fragment.name.value]));
      }
    }
    return total;
  }

  private fieldCost(node: FieldNode, parent: GraphQLNamedType, parentSized: boolean, seen: ReadonlySet<string>): number {
    if (node.name.value.startsWith('__')) return 0;
    const def = fieldsOf(parent)?.[node.name.value];
    if (!def) return 1; // unknown fields are reported by the standard rules
    const size = this.sizeOf(node, def);
    const named = namedTypeOf(def.type);
    if (!node.selectionSet || !hasSelections(named)) return 1;
    const listed = isList(def.type) && !parentSized ? this.options.defaultListSize : 1;
    return 1 + (size ?? listed) * this.selectionCost(node.selectionSet, named, size !== undefined, seen);
  }

  private sizeOf(node: FieldNode, def: GraphQLField<unknown, unknown>): number | undefined {
    for (const name of SIZE_ARGS) {
      const argDef = def.args.find((a) => a.name === name);
      if (!argDef) continue;
      const arg = node.arguments?.find((a) => a.name.value === name);
      if (!arg) return typeof argDef.defaultValue === 'number' ? argDef.defaultValue : undefined;
      const value = arg.value;
      if (value.kind === Kind.VARIABLE) {
        const sent = this.options.variables?.[value.name.value];
        if (typeof sent === 'number' && Number.isFinite(sent)) return Math.max(0, Math.trunc(sent));
        const variable = this.operation.variableDefinitions?.find((v) => v.variable.name.value === value.name.value);
        return intOf(variable?.defaultValue) ?? this.options.maxListSize;
      }
      return intOf(value);
    }
    return undefined;
  }
}
