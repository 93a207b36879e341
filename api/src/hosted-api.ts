import { AnomalyBus, type Config } from '@ailog/processor';
import { createLlmRuntimeFromConfig } from '@ailog/processor/llm/index';
import { createEmbeddingProvider } from '@ailog/processor/runtime/build-pipeline';
import { createRedactor } from '@ailog/processor/runtime/create-redactor';
import { createVectorStore } from '@ailog/processor/vectors/index';
import { checkKafkaHealth, createKafkaClient } from '@ailog/processor/kafka/index';
import type { ApiHostModule, ApiHostOptions, HostedApi } from '@ailog/processor/service/api-host';
import { kafkaConfigFrom } from '@ailog/processor/service/index';
import { createTracing } from '@ailog/processor/telemetry/tracing';
import type { ApiConfigInput } from './api.config.js';
import { buildApi, type Api } from './app.js';
import type { KafkaHealthProbe } from './http/health.route.js';
import { PgAnomalyListener } from './subscriptions/pg-anomaly-listener.js';

/** The api's options from the one application config (`config.api` plus telemetry links). */
export function apiConfigFrom(config: Config): ApiConfigInput {
  const { host, port, corsOrigins, graphiql, environment } = config.api;
  const { tempoUrl, grafanaUrl, grafanaTempoDatasource } = config.telemetry;
  return {
    host,
    port,
    corsOrigins: [...corsOrigins],
    graphiql: graphiql ?? environment !== 'production',
    traceLinks: { tempoUrl, grafanaUrl, grafanaTempoDatasource },
  };
}

/** A started api with the parts tests and the CLI look at. */
export interface HostedApiInstance extends HostedApi {
  readonly api: Api;
  readonly bus: AnomalyBus;
  /** The cross-replica feed; null when the bus is fed in-process by an embedded pipeline. */
  readonly listener: PgAnomalyListener | null;
}

function kafkaProbe(config: Config, options: ApiHostOptions): KafkaHealthProbe | undefined {
  if (!config.kafka.brokers?.length) return undefined;
  // Connects lazily: one client, a short-lived admin per probe.
  const client = createKafkaClient(kafkaConfigFrom(config), options.logger.child({ component: 'kafka-health' }));
  return () => checkKafkaHealth(client);
}

/**
 * Starts the api for `ailog serve` / `ailog demo --serve` / `api/src/main.ts`. Where the
 * subscription feed comes from: the embedded pipeline's bus when one runs in this process (the
 * only writer of an embedded database), else PostgreSQL LISTEN/NOTIFY on the server, so every
 * replica sees every anomaly whichever processor stored it.
 */
export const startHostedApi = async (options: ApiHostOptions): Promise<HostedApiInstance> => {
  const { config, db, logger } = options;
  const bus = options.bus ?? new AnomalyBus();
  const databaseUrl = config.storage.databaseUrl;
  const listener = !options.bus && db.kind === 'postgres' && databaseUrl ? new PgAnomalyListener({ databaseUrl }, db, bus, logger.child({ component: 'anomaly-listener' })) : null;
  await listener?.start();
  let api: Api;
  // Off (no-op) unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const tracing = createTracing(config.telemetry, { scope: 'ailog-api', logger });
  try {
    // Shared with an in-process pipeline; a standalone api builds its own over the same tables.
    const redactor = createRedactor(config);
    const llm = options.pipeline?.llm ?? createLlmRuntimeFromConfig(config, db.knex, logger);
    const embeddingProvider = options.pipeline?.embeddingProvider ?? createEmbeddingProvider(config, logger, llm.budget);
    const vectors = options.pipeline?.vectors ?? (config.vectorStore.qdrantUrl ? createVectorStore(config.vectorStore, embeddingProvider) : undefined);
    api = await buildApi({
      config: apiConfigFrom(config),
      db,
      bus,
      logger,
      kafkaHealth: kafkaProbe(config, options),
      tracing,
      llm,
      embeddingProvider,
      vectors,
      redact: (text) => redactor.redact(text).text,
    });
    const address = await api.listen();
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      api,
      bus,
      listener,
      url: `http://${host}:${address.port}`,
      close: async () => {
        try {
          await api.close();
        } finally {
          await listener?.close();
          await tracing.shutdown();
        }
      },
    };
  } catch (error) {
    await listener?.close();
    await tracing.shutdown();
    throw error;
  }
};

/** The contract the CLI loads by name (`API_HOST_MODULE`); checked here at compile time. */
export const hostedApiModule: ApiHostModule = { startHostedApi };
