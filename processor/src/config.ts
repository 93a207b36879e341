import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './domain/errors.js';
import { otelKeyValueList, TRACES_EXPORTERS, TRACES_SAMPLERS } from './telemetry/tracing.config.js';

/**
 * The one configuration object. Read once at start-up from the environment (and `.env` when
 * present), validated as a whole so every problem is reported at once, then frozen. Nothing
 * else in the code base reads `process.env`; components receive their section.
 */

const csv = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter((item) => item.length > 0));
const bool = z.stringbool();
const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const unit = z.coerce.number().min(0).max(1);

export const configSchema = z.object({
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  storage: z.object({
    /** PostgreSQL server; absent → embedded PGlite under `dataDir`. */
    databaseUrl: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
    dataDir: z.string().min(1).default('./.ailog'),
    /** Keep the unredacted line too (admins only can read it). Off by default. */
    storeRaw: bool.default(false),
  }),
  kafka: z.object({
    /** Bootstrap servers; absent → the in-process queue. */
    brokers: csv.pipe(z.array(z.string()).min(1, 'names no broker')).optional(),
    clientId: z.string().default('ailog'),
    groupId: z.string().default('log-processor-group'),
    /** Topic names: shippers write `logs-raw`; the service publishes the other three. */
    rawTopic: z.string().min(1).default('logs-raw'),
    processedTopic: z.string().min(1).default('logs-processed'),
    anomaliesTopic: z.string().min(1).default('anomalies'),
    dlqTopic: z.string().min(1).default('logs-dlq'),
    /** How long the group waits for a silent member before its partitions move (a crash's cost). */
    sessionTimeoutMs: positiveInt.min(6000).default(30_000),
    /**
     * Dead letters carry the undecodable message's original bytes so it can be replayed; those bytes
     * are unredacted (as on `logs-raw`). `false` keeps only the reason and a redacted sample.
     */
    dlqCopyOriginals: bool.default(true),
    /**
     * Publish every processed line to the processed topic. `false` keeps the topic for nothing
     * but saves ~30 µs of CPU per line (a third of the processor's): rows still go to PostgreSQL,
     * findings to `anomalies`, bad input to `logs-dlq`.
     */
    publishProcessed: bool.default(true),
  }),
  pipeline: z.object({
    batchSize: positiveInt.max(100_000).default(1000),
    /** Batches buffered between receiver and pipeline before the receiver waits. */
    queueCapacity: positiveInt.default(4),
  }),
  receiver: z.object({
    /** `auto`, `json`, `logfmt`, `syslog`, `plain`, or a format string such as `<Date> <Time> <Level> <Component>: <Content>`. */
    format: z.string().min(1).default('auto'),
  }),
  redaction: z.object({
    /** IPs or IPv4 CIDRs never redacted, e.g. `10.20.0.0/16`. */
    allowIps: csv.default([]),
    /** Email globs never redacted, e.g. `*@example.com`. */
    allowEmails: csv.default([]),
    /** Keep RFC 1918 / link-local addresses (they rarely identify a person). */
    keepPrivateIps: bool.default(false),
  }),
  embeddings: z.object({
    provider: z.enum(['local', 'openai']).default('local'),
    model: z.string().optional(),
    dimensions: positiveInt.optional(),
    /** Where the local word-vector cache lives (built once per machine from the npm package). */
    cacheDir: z.string().min(1).default('.cache/embeddings'),
  }),
  openai: z.object({
    apiKey: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
    chatModel: z.string().default('gpt-4o-mini'),
    /** Daily spend cap in USD over chat and embeddings, shared by all replicas. */
    dailyBudgetUsd: z.coerce.number().min(0).default(1),
    /** Embedding price in USD per 1M tokens, overriding the price table (a self-hosted model). Default: the table. */
    embeddingPricePerMTok: z.coerce.number().min(0).optional(),
  }),
  llm: z.object({
    validationEnabled: bool.default(false),
    anomalyScoreThreshold: unit.default(0.7),
    confidenceThreshold: unit.default(0.6),
    /** One LLM HTTP attempt's timeout; short so a slow endpoint cannot park the pipeline. Default 20000 ms. */
    timeoutMs: positiveInt.default(20_000),
    /** Retries after a 429/5xx/timeout, with exponential backoff and jitter, honouring Retry-After. Default 2. */
    maxRetries: z.coerce.number().int().min(0).max(10).default(2),
    /** LLM requests in flight at once per processor (bounds latency and rate-limit pressure). Default 2. */
    concurrency: positiveInt.max(32).default(2),
    /** Total LLM validation time per batch; later rows get the fallback now and the sweeper asks again. Default 30000 ms. */
    batchDeadlineMs: positiveInt.default(30_000),
    /** Age after which a cached (template, signal) verdict is asked again. Default 24 h. */
    cacheTtlHours: z.coerce.number().positive().default(24),
    /** Chat input price in USD per 1M tokens for the configured model (local models: 0). Default: the price table. */
    priceInputPerMTok: z.coerce.number().min(0).optional(),
    /** Chat output price in USD per 1M tokens for the configured model. Default: the price table. */
    priceOutputPerMTok: z.coerce.number().min(0).optional(),
  }),
  feedback: z.object({
    /** How often the processor looks for new user feedback (mutes, false positives); 0 = every batch. Default 5000 ms. */
    refreshMs: z.coerce.number().int().min(0).default(5000),
  }),
  vectorStore: z.object({
    qdrantUrl: z.url().optional(),
    qdrantApiKey: z.string().min(1).optional(),
    /** Base name of the Qdrant collection (model and size are appended so embeddings never mix). Default ailog_templates. */
    qdrantCollection: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).default('ailog_templates'),
  }),
  api: z.object({
    host: z.string().default('127.0.0.1'),
    port: port.default(8000),
    corsOrigins: csv.default([]),
    /** NODE_ENV; `production` turns the browser GraphiQL off unless AILOG_GRAPHIQL says otherwise. Default development. */
    environment: z.string().default('development'),
    /** GraphiQL at GET /graphql for browsers (local assets, no CDN). Default: on, except in production. */
    graphiql: bool.optional(),
  }),
  metrics: z.object({
    port: port.default(9464),
    /** Interface of the processor's `/metrics` (`ailog serve`); 0.0.0.0 so a Prometheus container can scrape it. */
    host: z.string().min(1).default('0.0.0.0'),
  }),
  telemetry: z.object({
    otlpEndpoint: z.url().optional(),
    serviceName: z.string().default('ailog'),
    /** Tempo base URL: `anomaly.traceUrl` links to its trace-by-id API. Default none. */
    tempoUrl: z.url().optional(),
    /** Grafana base URL: `anomaly.traceUrl` opens Explore on Tempo (wins over TEMPO_URL). Default none. */
    grafanaUrl: z.url().optional(),
    /** Tempo data source name/uid in Grafana. Default `tempo`. */
    grafanaTempoDatasource: z.string().min(1).default('tempo'),
    /** `otlp` exports spans when an endpoint is set; `none` keeps tracing off anyway. Default otlp. */
    tracesExporter: z.enum(TRACES_EXPORTERS).default('otlp'),
    /** Traces-only endpoint, wins over `otlpEndpoint` (the OTel spec's per-signal override). Default unset. */
    tracesEndpoint: z.url().optional(),
    /** Default parentbased_always_on: a shipper's sampling decision (traceparent flags) is kept. */
    tracesSampler: z.enum(TRACES_SAMPLERS).default('parentbased_always_on'),
    /** Ratio for the `*traceidratio` samplers. Default 1. */
    tracesSamplerArg: unit.default(1),
    /** `key=value,...` sent with each export, e.g. a hosted backend's auth header. Default none. */
    otlpHeaders: otelKeyValueList.default({}),
    /** `key=value,...` added to the resource (`deployment.environment.name=prod`). Default none. */
    resourceAttributes: otelKeyValueList.default({}),
    /** The spec's kill switch for every signal. Default false. */
    sdkDisabled: bool.default(false),
  }),
});

/** Checks that span sections, reported with the single-field ones. */
const checkedConfigSchema = configSchema.superRefine((config, ctx) => {
  if (config.embeddings.provider === 'openai' && config.openai.apiKey === undefined && config.openai.baseUrl === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['embeddings', 'provider'],
      message: 'is openai but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set',
    });
  }
});

export type Config = z.infer<typeof configSchema>;
export type Env = Readonly<Record<string, string | undefined>>;

/** Environment variable → config path; README.md lists them with their defaults. */
export const ENV_VARIABLES: Readonly<Record<string, string>> = {
  LOG_LEVEL: 'logLevel',
  DATABASE_URL: 'storage.databaseUrl',
  AILOG_DATA_DIR: 'storage.dataDir',
  AILOG_STORE_RAW: 'storage.storeRaw',
  KAFKA_BOOTSTRAP_SERVERS: 'kafka.brokers',
  KAFKA_CLIENT_ID: 'kafka.clientId',
  KAFKA_GROUP_ID: 'kafka.groupId',
  KAFKA_TOPIC_RAW: 'kafka.rawTopic',
  KAFKA_TOPIC_PROCESSED: 'kafka.processedTopic',
  KAFKA_TOPIC_ANOMALIES: 'kafka.anomaliesTopic',
  KAFKA_TOPIC_DLQ: 'kafka.dlqTopic',
  KAFKA_SESSION_TIMEOUT_MS: 'kafka.sessionTimeoutMs',
  KAFKA_DLQ_COPY_ORIGINALS: 'kafka.dlqCopyOriginals',
  KAFKA_PUBLISH_PROCESSED: 'kafka.publishProcessed',
  AILOG_BATCH_SIZE: 'pipeline.batchSize',
  AILOG_QUEUE_CAPACITY: 'pipeline.queueCapacity',
  AILOG_LOG_FORMAT: 'receiver.format',
  AILOG_REDACT_ALLOW_IPS: 'redaction.allowIps',
  AILOG_REDACT_ALLOW_EMAILS: 'redaction.allowEmails',
  AILOG_REDACT_KEEP_PRIVATE_IPS: 'redaction.keepPrivateIps',
  EMBEDDING_PROVIDER: 'embeddings.provider',
  EMBEDDING_MODEL: 'embeddings.model',
  EMBEDDING_DIMENSIONS: 'embeddings.dimensions',
  AILOG_EMBEDDING_CACHE_DIR: 'embeddings.cacheDir',
  OPENAI_API_KEY: 'openai.apiKey',
  OPENAI_BASE_URL: 'openai.baseUrl',
  OPENAI_MODEL: 'openai.chatModel',
  OPENAI_BUDGET: 'openai.dailyBudgetUsd',
  LLM_VALIDATION_ENABLED: 'llm.validationEnabled',
  ANOMALY_SCORE_THRESHOLD: 'llm.anomalyScoreThreshold',
  LLM_VALIDATION_CONFIDENCE_THRESHOLD: 'llm.confidenceThreshold',
  LLM_TIMEOUT_MS: 'llm.timeoutMs',
  LLM_MAX_RETRIES: 'llm.maxRetries',
  LLM_CONCURRENCY: 'llm.concurrency',
  LLM_BATCH_DEADLINE_MS: 'llm.batchDeadlineMs',
  LLM_CACHE_TTL_HOURS: 'llm.cacheTtlHours',
  LLM_PRICE_INPUT_PER_MTOK: 'llm.priceInputPerMTok',
  LLM_PRICE_OUTPUT_PER_MTOK: 'llm.priceOutputPerMTok',
  EMBEDDING_PRICE_PER_MTOK: 'openai.embeddingPricePerMTok',
  AILOG_FEEDBACK_REFRESH_MS: 'feedback.refreshMs',
  QDRANT_URL: 'vectorStore.qdrantUrl',
  QDRANT_API_KEY: 'vectorStore.qdrantApiKey',
  QDRANT_COLLECTION: 'vectorStore.qdrantCollection',
  API_HOST: 'api.host',
  API_PORT: 'api.port',
  CORS_ORIGINS: 'api.corsOrigins',
  NODE_ENV: 'api.environment',
  AILOG_GRAPHIQL: 'api.graphiql',
  METRICS_PORT: 'metrics.port',
  METRICS_HOST: 'metrics.host',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'telemetry.otlpEndpoint',
  OTEL_SERVICE_NAME: 'telemetry.serviceName',
  TEMPO_URL: 'telemetry.tempoUrl',
  GRAFANA_URL: 'telemetry.grafanaUrl',
  GRAFANA_TEMPO_DATASOURCE: 'telemetry.grafanaTempoDatasource',
  OTEL_TRACES_EXPORTER: 'telemetry.tracesExporter',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'telemetry.tracesEndpoint',
  OTEL_TRACES_SAMPLER: 'telemetry.tracesSampler',
  OTEL_TRACES_SAMPLER_ARG: 'telemetry.tracesSamplerArg',
  OTEL_EXPORTER_OTLP_HEADERS: 'telemetry.otlpHeaders',
  OTEL_RESOURCE_ATTRIBUTES: 'telemetry.resourceAttributes',
  OTEL_SDK_DISABLED: 'telemetry.sdkDisabled',
};

const SECTIONS = Object.keys(configSchema.shape).filter((key) => key !== 'logLevel');

/** Builds the nested raw object from flat variables; empty strings count as unset. */
function fromEnv(env: Env): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const section of SECTIONS) raw[section] = {};
  for (const [name, path] of Object.entries(ENV_VARIABLES)) {
    const value = env[name];
    if (value === undefined || value.trim() === '') continue;
    const [head, leaf] = path.split('.') as [string, string | undefined];
    if (leaf === undefined) raw[head] = value.trim();
    else (raw[head] as Record<string, unknown>)[leaf] = value.trim();
  }
  return raw;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Validates a flat environment; throws ConfigError naming each bad variable. */
export function parseConfig(env: Env): Config {
  const result = checkedConfigSchema.safeParse(fromEnv(env));
  if (!result.success) {
    const byPath = new Map(Object.entries(ENV_VARIABLES).map(([name, path]) => [path, name]));
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const path = issue.path.join('.');
        return `${byPath.get(path) ?? path}: ${issue.message}`;
      }),
    );
  }
  return deepFreeze(result.data);
}

/**
 * The start-up entry: loads `.env` from the working directory when present (real variables win),
 * then validates. Call once in a main; pass the result down.
 */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}
