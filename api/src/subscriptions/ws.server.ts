import type { Server } from 'node:http';
import type { Logger } from '@ailog/processor';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ApiKeyAuthenticator, Principal } from '../auth/api-key.auth.js';
import type { ApiContext } from '../context.js';
import { subscriptionMetricsHooks } from '../http/metrics.subscriptions.js';
import { wsOperationGuard, type WsOperationGuardOptions } from './ws-operation.guard.js';

/** `connectionParams` may carry the key as `apiKey`, `X-API-Key` or `Authorization: Bearer <key>`. */
export function keyFromConnectionParams(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  for (const name of ['apiKey', 'X-API-Key', 'x-api-key']) {
    const value = params[name];
    if (typeof value === 'string' && value) return value;
  }
  const auth = params.Authorization ?? params.authorization;
  return typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
}

export interface WsServerDeps {
  readonly httpServer: Server;
  readonly schema: GraphQLSchema;
  readonly authenticator: ApiKeyAuthenticator;
  readonly context: (principal: Principal) => ApiContext;
  readonly logger: Logger;
  /** The HTTP endpoint's depth and cost limits and error formatter, applied here too. */
  readonly guard: Pick<WsOperationGuardOptions, 'maxQueryDepth' | 'costLimits' | 'formatError'>;
}

/**
 * graphql-ws on `/graphql` of the same HTTP server. The key is checked once in `onConnect`;
 * a refused connection is closed with 4403 (graphql-ws' "Forbidden"). Operations pass
 * `wsOperationGuard`: subscriptions only, under the same rules and error format as HTTP.
 */
export function startWsServer(deps: WsServerDeps): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({ server: deps.httpServer, path: '/graphql' });
  const principals = new WeakMap<object, Principal>();
  const guard = wsOperationGuard({ ...deps.guard, schema: deps.schema, logger: deps.logger });
  const cleanup = useServer(
    {
      schema: deps.schema,
      // ailog_active_subscriptions: onOperation counts streams, onComplete uncounts them.
      ...subscriptionMetricsHooks(),
      onConnect: async (ctx) => {
        try {
          principals.set(ctx.extra.socket, await deps.authenticator.authenticate(keyFromConnectionParams(ctx.connectionParams)));
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => {
        const principal = principals.get(ctx.extra.socket);
        // onConnect guarantees one; this guards against a future refactor silently opening access.
        if (!principal) throw new Error('subscription without an authenticated principal');
        return deps.context(principal);
      },
      onSubscribe: (_ctx, _id, payload) => guard.onSubscribe(payload),
      onNext: (_ctx, _id, _payload, _args, result) => guard.onNext(result),
      onError: (_ctx, _id, _payload, errors) => guard.onError(errors),
    },
    wss,
  );
  return {
    dispose: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
