import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlRequestDuration } from '@ailog/processor/telemetry/metrics';

/** Operation names come from clients: keep them short and to a safe alphabet. */
const NAME_LIMIT = 64;

/**
 * An Apollo plugin timing each operation into
 * `ailog_graphql_request_duration_seconds{operation_type,operation_name}`. Requests that never
 * resolve an operation (parse or validation errors) count as type `invalid`.
 */
export function graphqlMetricsPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: () => {
      const end = graphqlRequestDuration.startTimer();
      return Promise.resolve({
        willSendResponse: ({ operation, operationName }) => {
          end({ operation_type: operation?.operation ?? 'invalid', operation_name: operationLabel(operationName) });
          return Promise.resolve();
        },
      });
    },
  };
}

/** A bounded label for a client-chosen operation name; `anonymous` when there is none. */
export function operationLabel(name: string | null | undefined): string {
  if (name === null || name === undefined || name === '') return 'anonymous';
  return name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, NAME_LIMIT);
}
