import type { Logger } from '@ailog/processor';
import { createRequire } from 'node:module';
import type * as GraphQLModule from 'graphql';
import {
  OperationTypeNode,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { costLimitRule, type CostLimitOptions } from '../graphql/common/cost-limit.rule.js';
import { depthLimitRule } from '../graphql/common/depth-limit.rule.js';

// graphql-ws and type-graphql load graphql's CommonJS build; under vitest an ESM `import` gets the
// ESM one (the dual-package hazard), whose `validate` rejects the schema and whose errors fail
// graphql-ws' instanceof check. Requiring it gives the instance they use, in tests and in Node.
const { GraphQLError: WsGraphQLError, getOperationAST, parse, specifiedRules, validate } = createRequire(import.meta.url)('graphql') as typeof GraphQLModule;

/** The same limits and error formatter the HTTP endpoint (Apollo) applies. */
export interface WsOperationGuardOptions {
  readonly schema: GraphQLSchema;
  readonly maxQueryDepth: number;
  readonly costLimits: Omit<CostLimitOptions, 'variables'>;
  /** `formatGraphQLError(logger)`: codes, masking of unexpected errors, no stack traces. */
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  readonly logger: Logger;
}

/** What graphql-ws sends in a `subscribe` message. */
export interface WsSubscribePayload {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

/** The graphql-ws hooks that put websocket operations under the HTTP endpoint's rules. */
export interface WsOperationGuard {
  onSubscribe(payload: WsSubscribePayload): Omit<ExecutionArgs, 'contextValue'> | readonly GraphQLError[];
  onNext(result: ExecutionResult): FormattedExecutionResult;
  onError(errors: readonly GraphQLError[]): GraphQLFormattedError[];
}

/** Rebuilt in graphql-ws' realm (see above), with `code` when the error has none. */
const withCode = (error: GraphQLError, code: string): GraphQLError =>
  new WsGraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { code, ...error.extensions },
  });

/**
 * Only subscriptions are served over the websocket: queries and mutations go to `POST /graphql`,
 * where body limits, metrics, tracing and the variable-aware cost check apply, so there is one
 * path to secure. Subscriptions are validated with GraphQL's rules plus the depth and cost
 * limits (with the variables sent), and every outgoing error goes through the same formatter
 * as Apollo's. Logs carry error codes only: messages can echo variable values.
 */
export function wsOperationGuard(options: WsOperationGuardOptions): WsOperationGuard {
  const depthRule = depthLimitRule(options.maxQueryDepth);
  const format = (error: GraphQLError): GraphQLFormattedError => options.formatError(error.toJSON(), error);
  return {
    onSubscribe: (payload) => {
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch (error) {
        if (error instanceof WsGraphQLError) return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
        throw error;
      }
      const variables = payload.variables ?? undefined;
      const rules = [...specifiedRules, depthRule, costLimitRule({ ...options.costLimits, variables })];
      const errors = validate(options.schema, document, rules);
      if (errors.length > 0) return errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'));
      const operation = getOperationAST(document, payload.operationName ?? undefined);
      if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) {
        return [
          new WsGraphQLError('only subscriptions are served over the websocket; send queries and mutations to POST /graphql', {
            extensions: { code: 'BAD_INPUT' },
          }),
        ];
      }
      return { schema: options.schema, document, operationName: payload.operationName, variableValues: variables };
    },
    onNext: (result) => (result.errors ? { ...result, errors: result.errors.map(format) } : result),
    onError: (errors) => {
      const formatted = errors.map(format);
      options.logger.warn({ codes: formatted.map((e) => e.extensions?.code ?? 'UNKNOWN') }, 'graphql-ws operation failed');
      return formatted;
    },
  };
}
