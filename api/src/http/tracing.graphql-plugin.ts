import type { ApolloServerPlugin } from '@apollo/server';
import type { Span, Tracing } from '@ailog/processor/telemetry/tracing';
import { recordFailure, SpanKind, trace } from '@ailog/processor/telemetry/tracing';
import { operationLabel } from './metrics.graphql-plugin.js';

/**
 * An Apollo plugin adding a span per GraphQL operation (`query AnomalyList`), child of the HTTP
 * request span, with the GraphQL semantic-convention attributes; errors mark it failed. The
 * document itself is not recorded: it can hold user input.
 */
export function graphqlTracingPlugin<TContext extends object>(tracing: Tracing): ApolloServerPlugin<TContext> {
  if (!tracing.enabled) return {};
  return {
    requestDidStart: () => {
      let span: Span | null = null;
      return Promise.resolve({
        didResolveOperation: ({ operation, operationName }) => {
          const type = operation?.operation ?? 'unknown';
          const name = operationLabel(operationName);
          span = tracing.tracer.startSpan(`${type} ${name}`, {
            kind: SpanKind.INTERNAL,
            attributes: { 'graphql.operation.type': type, 'graphql.operation.name': name },
          });
          trace.getActiveSpan()?.setAttribute('graphql.operation.name', name);
          return Promise.resolve();
        },
        didEncounterErrors: ({ errors }) => {
          const [first] = errors;
          if (span && first) recordFailure(span, first);
          return Promise.resolve();
        },
        willSendResponse: () => {
          span?.end();
          return Promise.resolve();
        },
      });
    },
  };
}
