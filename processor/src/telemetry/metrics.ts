import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every ailog metric lives on this one registry, so the processor's and the api's `/metrics`
 * endpoints serve the same names whichever process they run in. Names follow the Prometheus
 * conventions: base units (`_seconds`, `_bytes`), `_total` on counters, labels of bounded cardinality.
 */
export const metricsRegistry = new Registry();

let defaultsRegistered = false;

/**
 * Adds the `process_*` / `nodejs_*` default metrics to {@link metricsRegistry}. Idempotent; called by
 * whoever serves `/metrics` rather than at import time, so importing a counter has no side effects.
 */
export function registerProcessMetrics(): void {
  if (defaultsRegistered) return;
  collectDefaultMetrics({ register: metricsRegistry });
  defaultsRegistered = true;
}

/** Stage latencies span sub-millisecond processors to multi-second database writes. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Batch sizes: single lines (HTTP) up to large file/Kafka batches. */
const BATCH_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** Lines decoded by a receiver (`json`, `syslog`, `kafka`, ...). */
export const linesReceived = new Counter({
  name: 'ailog_lines_received_total',
  help: 'Log lines received, per receiver.',
  labelNames: ['receiver'] as const,
  registers: [metricsRegistry],
});

/** Lines that went through a stage (processor or `export:<name>`) without error. */
export const linesProcessed = new Counter({
  name: 'ailog_lines_processed_total',
  help: 'Log lines that passed a pipeline stage.',
  labelNames: ['stage'] as const,
  registers: [metricsRegistry],
});

/** Lines in batches that failed at a stage (retried or given up). */
export const linesFailed = new Counter({
  name: 'ailog_lines_failed_total',
  help: 'Log lines in batches that failed at a pipeline stage.',
  labelNames: ['stage'] as const,
  registers: [metricsRegistry],
});

/** Lines set aside with a reason (bad input); the stream goes on. */
export const linesDeadLettered = new Counter({
  name: 'ailog_lines_dead_lettered_total',
  help: 'Log lines dead-lettered, per stage that rejected them.',
  labelNames: ['stage'] as const,
  registers: [metricsRegistry],
});

/** Records per batch entering the pipeline. */
export const batchSize = new Histogram({
  name: 'ailog_batch_size',
  help: 'Records per pipeline batch.',
  buckets: BATCH_BUCKETS,
  registers: [metricsRegistry],
});

/** Wall time of one stage on one batch. */
export const stageDuration = new Histogram({
  name: 'ailog_stage_duration_seconds',
  help: 'Wall time of a pipeline stage per batch, in seconds.',
  labelNames: ['stage'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});

/** Newest offset minus committed offset, per partition of a consumed topic. */
export const kafkaConsumerLag = new Gauge({
  name: 'ailog_kafka_consumer_lag',
  help: 'Messages not yet committed by the consumer group, per topic partition.',
  labelNames: ['topic', 'partition'] as const,
  registers: [metricsRegistry],
});

let templateCountSource: (() => number) | null = null;

/**
 * Tells {@link templatesTotal} where to read the miner's size. Read at scrape time, not per batch,
 * because listing the templates costs O(templates). Pass null to detach.
 */
export function setTemplateCountSource(source: (() => number) | null): void {
  templateCountSource = source;
}

/** Templates the miner currently knows (read from the source set by {@link setTemplateCountSource}). */
export const templatesTotal = new Gauge({
  name: 'ailog_templates_total',
  help: 'Log templates currently known to the miner.',
  registers: [metricsRegistry],
  collect() {
    if (templateCountSource !== null) this.set(templateCountSource());
  },
});

/** Templates seen for the first time; `rate(...[5m]) * 60` gives new templates per minute. */
export const templatesNew = new Counter({
  name: 'ailog_templates_new_total',
  help: 'Log templates seen for the first time.',
  registers: [metricsRegistry],
});

/** Anomalies found, per detector/combiner method and score-derived severity. */
export const anomaliesFound = new Counter({
  name: 'ailog_anomalies_total',
  help: 'Anomalies found, per method and severity.',
  labelNames: ['method', 'severity'] as const,
  registers: [metricsRegistry],
});

/** Calls to an embedding provider (cache misses that reached the model). */
export const embeddingCalls = new Counter({
  name: 'ailog_embedding_calls_total',
  help: 'Embedding provider calls, per provider.',
  labelNames: ['provider'] as const,
  registers: [metricsRegistry],
});

/** Texts answered from the embedding cache. */
export const embeddingCacheHits = new Counter({
  name: 'ailog_embedding_cache_hits_total',
  help: 'Embedding lookups answered from the cache.',
  registers: [metricsRegistry],
});

/** Texts the embedding cache had to send to the provider. */
export const embeddingCacheMisses = new Counter({
  name: 'ailog_embedding_cache_misses_total',
  help: 'Embedding lookups the cache could not answer.',
  registers: [metricsRegistry],
});

/** LLM calls by outcome (`ok`, `error`, `budget_exceeded`, `cached`, ...). */
export const llmCalls = new Counter({
  name: 'ailog_llm_calls_total',
  help: 'LLM explanation calls, per outcome.',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/** Estimated OpenAI spend of the current UTC day, in US dollars. */
export const openaiDailySpending = new Gauge({
  name: 'openai_daily_spending_usd',
  help: 'Estimated OpenAI spend of the current UTC day, in USD.',
  registers: [metricsRegistry],
});

/** Calls refused because the daily budget was spent. */
export const openaiBudgetExceeded = new Counter({
  name: 'openai_budget_exceeded_total',
  help: 'OpenAI calls refused because the daily budget was spent.',
  registers: [metricsRegistry],
});

/** Latency of one batch write to PostgreSQL. */
export const dbWriteDuration = new Histogram({
  name: 'ailog_db_write_duration_seconds',
  help: 'Latency of one batch write to PostgreSQL, in seconds.',
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});

/** api HTTP requests; `route` is the matched route pattern, never the raw path (bounded cardinality). */
export const httpRequestDuration = new Histogram({
  name: 'ailog_http_request_duration_seconds',
  help: 'api HTTP request duration, in seconds.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});

/** GraphQL operations by type and (client-chosen, so truncated) name. */
export const graphqlRequestDuration = new Histogram({
  name: 'ailog_graphql_request_duration_seconds',
  help: 'GraphQL operation duration, in seconds.',
  labelNames: ['operation_type', 'operation_name'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});

/** Open GraphQL subscriptions (graphql-ws). */
export const activeSubscriptions = new Gauge({
  name: 'ailog_active_subscriptions',
  help: 'Open GraphQL subscriptions.',
  registers: [metricsRegistry],
});

/**
 * Buckets an anomaly score into a severity label. Findings carry only a score; a fixed four-level
 * label keeps `ailog_anomalies_total` at bounded cardinality.
 */
export function severityOf(score: number): 'critical' | 'high' | 'medium' | 'low' {
  if (score >= 0.9) return 'critical';
  if (score >= 0.75) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

/** Stages that can fail or dead-letter a line (the pipeline's processors, persistence and decoding). */
const FAILING_STAGES = ['receive', 'decode', 'multiline', 'template', 'redact', 'embed', 'detect', 'explain', 'persist', 'publish', 'kafka'] as const;
/** Outcomes the LLM explainer reports. */
const LLM_OUTCOMES = ['ok', 'cached', 'error', 'malformed', 'budget_exceeded', 'circuit_open'] as const;

/*
 * Known label values start at 0 (Prometheus' "avoid missing metrics" advice): a failure counter that
 * never fired then reads 0 instead of "no data", and rate() sees the first failure as an increase.
 */
for (const stage of FAILING_STAGES) {
  linesFailed.inc({ stage }, 0);
  linesDeadLettered.inc({ stage }, 0);
}
for (const outcome of LLM_OUTCOMES) llmCalls.inc({ outcome }, 0);
