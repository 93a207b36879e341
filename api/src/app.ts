import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import type { AnomalyBus, Logger } from '@ailog/processor';
import type { EmbeddingProvider } from '@ailog/processor/embeddings/index';
import type { LlmRuntime } from '@ailog/processor/llm/index';
import type { Database } from '@ailog/processor/storage/index';
import { disabledTracing, type Tracing } from '@ailog/processor/telemetry/tracing';
import type { VectorStore } from '@ailog/processor/vectors/index';
import express, { type Express } from 'express';
import { apiConfigSchema, type ApiConfig, type ApiConfigInput } from './api.config.js';
import { ApiKeyAuthenticator, type Principal } from './auth/api-key.auth.js';
import type { ApiContext } from './context.js';
import { costLimitPlugin } from './graphql/common/cost-limit.plugin.js';
import { costLimitRule } from './graphql/common/cost-limit.rule.js';
import { depthLimitRule } from './graphql/common/depth-limit.rule.js';
import { formatGraphQLError } from './graphql/format-error.js';
import { buildApiSchema } from './graphql/schema.js';
import { openApiRouter } from './openapi/openapi.route.js';
import { authMiddleware, principalOf } from './http/auth.middleware.js';
import { corsMiddleware } from './http/cors.middleware.js';
import { errorHandler, notFoundHandler } from './http/error.middleware.js';
import { graphiqlRouter } from './http/graphiql.route.js';
import { healthRouter, type KafkaHealthProbe } from './http/health.route.js';
import { graphqlMetricsPlugin } from './http/metrics.graphql-plugin.js';
import { graphqlTracingPlugin } from './http/tracing.graphql-plugin.js';
import { tracingMiddleware } from './http/tracing.middleware.js';
import { metricsMiddleware } from './http/metrics.middleware.js';
import { metricsRouter } from './http/metrics.route.js';
import { restRouter } from './rest/routes.js';
import { ApiKeyService } from './services/api-key.service.js';
import { createServices } from './services/index.js';
import { MAX_PAGE } from './services/log.service.js';
import { AnomalyFeed } from './subscriptions/anomaly-feed.js';
import { startWsServer } from './subscriptions/ws.server.js';

export interface ApiDeps {
  readonly config: ApiConfigInput | ApiConfig;
  readonly db: Database;
  /** In-process anomalies (embedded mode); the subscription feed listens here. */
  readonly bus: AnomalyBus;
  readonly logger: Logger;
  /** Probe behind `GET /health/kafka`; absent → `{"status":"disabled"}`. */
  readonly kafkaHealth?: KafkaHealthProbe;
  /** The processor's embedding provider (`createEmbeddingProvider`); absent → semantic search is unavailable. */
  readonly embeddingProvider?: EmbeddingProvider;
  /** The pipeline's vector store when it runs in this process (`RunningPipeline.vectors`). */
  readonly vectors?: VectorStore;
  /** Request and GraphQL operation spans (`createTracing`); absent → off. Not shut down here. */
  readonly tracing?: Tracing;
  /** Tier-2 LLM runtime (`createLlmRuntime`, or `RunningPipeline.llm` in-process); absent → fallback explanations only. */
  readonly llm?: LlmRuntime;
  /** The configured PII redaction (`createRedactor`), applied to text sent to a paid provider. */
  readonly redact?: (text: string) => string;
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
  const services = createServices({ db, traceLinks: config.traceLinks, embeddingProvider: deps.embeddingProvider, vectors: deps.vectors, redact: deps.redact, logger, llm: deps.llm });
  const apiKeys = new ApiKeyService(db);
  const feed = new AnomalyFeed(deps.bus, config.subscriptionQueueSize);
  const authenticator = new ApiKeyAuthenticator(db, config.keyCacheTtlMs);
  const contextFor = (principal: Principal): ApiContext => ({ principal, services, apiKeys, feed });

  const app = express();
  app.disable('x-powered-by');
  // First, so every request is timed, including refused and unmatched ones.
  app.use(metricsMiddleware());
  app.use(tracingMiddleware(deps.tracing ?? disabledTracing));
  const httpServer = createServer(app);
  const schema = await buildApiSchema();
  const costLimits = { maxCost: config.maxQueryCost, defaultListSize: 20, maxListSize: MAX_PAGE };
  const formatError = formatGraphQLError(logger);
  const ws = startWsServer({
    httpServer,
    schema,
    authenticator,
    context: contextFor,
    logger,
    guard: { maxQueryDepth: config.maxQueryDepth, costLimits, formatError },
  });
  const apollo = new ApolloServer<ApiContext>({
    schema,
    validationRules: [depthLimitRule(config.maxQueryDepth), costLimitRule(costLimits)],
    formatError,
    includeStacktraceInErrorResponses: false,
    // The process owner (ailog serve, main.ts) handles SIGTERM and closes in order; Apollo's own
    // handler would stop it early and then re-raise the signal, killing the process mid-shutdown.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo's default landing page loads from a CDN; graphiqlRouter serves a local GraphiQL instead.
      ApolloServerPluginLandingPageDisabled(),
      graphqlMetricsPlugin<ApiContext>(),
      // the cost rule again with the variable values sent (validation cannot see them)
      costLimitPlugin<ApiContext>(costLimits),
      graphqlTracingPlugin<ApiContext>(deps.tracing ?? disabledTracing),
      { serverWillStart: () => Promise.resolve({ drainServer: () => ws.dispose() }) },
    ],
  });
  await apollo.start();

  // Before auth: the OpenAPI document and Swagger UI describe the interface, not data.
  app.use(openApiRouter(config.version));
  app.use(corsMiddleware(config.corsOrigins));
  // After CORS (an express router would answer its preflights), before auth: the page and its
  // assets hold no data; the queries it sends still need a key.
  app.use(graphiqlRouter({ enabled: config.graphiql }));
  app.use(authMiddleware(authenticator));
  app.use(healthRouter(db, { name: 'ailog', version: config.version }, deps.kafkaHealth));
  app.use(metricsRouter());
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
