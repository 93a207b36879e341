import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitError, type CostLimitOptions } from './cost-limit.rule.js';

/**
 * Re-costs each operation with the variable values actually sent. `costLimitRule` runs during
 * validation, which Apollo caches per document and runs before variables are known, so
 * `query($n: Int = 1) { logs(first: $n) … }` sent with `{"n": 1000}` would pass at its default.
 * Only requests that carry variables are re-costed; the error is the rule's `QUERY_TOO_COSTLY`
 * with HTTP 400, like any other validation failure.
 */
export function costLimitPlugin<TContext extends object>(options: Omit<CostLimitOptions, 'variables'>): ApolloServerPlugin<TContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: (ctx) => {
          const variables = ctx.request.variables;
          if (!variables || Object.keys(variables).length === 0 || !ctx.operation) return Promise.resolve();
          const error = costLimitError(ctx.schema, ctx.document, ctx.operation, { ...options, variables });
          if (error) {
            error.extensions.http = { status: 400 };
            return Promise.reject(error);
          }
          return Promise.resolve();
        },
      }),
  };
}
