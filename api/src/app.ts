import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { AnomalyBus, Logger } from '@ailog/processor';
import type { Database } from '@ailog/processor/storage/index';
import express, { type Express } from 'express';
import { apiConfigSchema, type ApiConfig, type ApiConfigInput } from './api.config.js';
import { ApiKeyAuthenticator, type Principal } from './auth/api-key.auth.js';
import type { ApiContext } from './context.js';
import { depthLimitRule } from './graphql/common/depth-limit.rule.js';
import { formatGraphQLError } from './graphql/format-error.js';
import { buildApiSchema } from './graphql/schema.js';
import { authMiddleware, principalOf } from './http/auth.middleware.js';
import { corsMiddleware } from './http/cors.middleware.js';
import { errorHandler, notFoundHandler } from './http/error.middleware.js';
import { healthRouter } from './http/health.route.js';
import { restRouter } from './rest/routes.js';
import { ApiKeyService } from './services/api-key.service.js';
import { createServices } from './services/index.js';
import { AnomalyFeed } from './subscriptions/anomaly-feed.js';
import { startWsServer } from './subscriptions/ws.server.js';

export interface ApiDeps {
  readonly config: ApiConfigInput | ApiConfig;
  readonly db: Database;
  /** In-process anomalies (embedded mode); the subscription feed listens here. */
  readonly bus: AnomalyBus;
  readonly logger: Logger;
}

/** A built, not yet listening, API: express app, Apollo and graphql-ws on one HTTP server. */
export interface Api {
  readonly app: Express;
  readonly httpServer: Server;
  readonly config: ApiConfig;
  /** Binds host/port (config by default; port 0 picks a free one) and returns the bound address. */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops websockets, drains HTTP and stops Apollo. Does not close the database (not ours). */
  close(): Promise<void>;
}

/** Builds the whole API without binding a port (fastify's build/listen split, for tests). */
export async function buildApi(deps: ApiDeps): Promise<Api> {
  const config = Object.freeze(apiConfigSchema.parse(deps.config));
  const { db, logger } = deps;
  const services = createServices(db);
  const apiKeys = new ApiKeyService(db);
  const feed = new AnomalyFeed(deps.bus, config.subscriptionQueueSize);
  const authenticator = new ApiKeyAuthenticator(db, config.keyCacheTtlMs);
  const contextFor = (principal: Principal): ApiContext => ({ principal, services, apiKeys, feed });

  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const schema = await buildApiSchema();
  const ws = startWsServer({ httpServer, schema, authenticator, context: contextFor, logger });
  const apollo = new ApolloServer<ApiContext>({
    schema,
    validationRules: [depthLimitRule(config.maxQueryDepth)],
    formatError: formatGraphQLError(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's default landing page loads from a CDN; a local GraphiQL is still to come.
      ApolloServerPluginLandingPageDisabled(),
      { serverWillStart: () => Promise.resolve({ drainServer: () => ws.dispose() }) },
    ],
  });
  await apollo.start();

  app.use(corsMiddleware(config.corsOrigins));
  app.use(authMiddleware(authenticator));
  app.use(healthRouter(db, { name: 'ailog', version: config.version }));
  app.use(
    '/graphql',
    express.json({ limit: config.maxBodyBytes }),
    expressMiddleware(apollo, { context: ({ res }) => Promise.resolve(contextFor(principalOf(res))) }),
  );
  app.use(restRouter(services));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));

  return {
    app,
    httpServer,
    config,
    listen: (port = config.port, host = config.host) =>
      new Promise<AddressInfo>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          resolve(httpServer.address() as AddressInfo);
        });
      }),
    close: () => apollo.stop(),
  };
}
