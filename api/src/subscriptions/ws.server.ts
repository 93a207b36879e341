import type { Server } from 'node:http';
import type { Logger } from '@ailog/processor';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ApiKeyAuthenticator, Principal } from '../auth/api-key.auth.js';
import type { ApiContext } from '../context.js';
import { subscriptionMetricsHooks } from '../http/metrics.subscriptions.js';

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
}

/**
 * graphql-ws on `/graphql` of the same HTTP server. The key is checked once in `onConnect`;
 * a refused connection is closed with 4403 (graphql-ws' "Forbidden").
 */
export function startWsServer(deps: WsServerDeps): { dispose(): Promise<void> } {
  const wss = new WebSocketServer({ server: deps.httpServer, path: '/graphql' });
  const principals = new WeakMap<object, Principal>();
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
      onError: (_ctx, _id, _payload, errors) => {
        deps.logger.warn({ errors: errors.map((e) => e.message) }, 'graphql-ws operation failed');
      },
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
