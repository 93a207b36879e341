/**
 * The REST surface as zod schemas: query parameters and response shapes of every route, so the
 * OpenAPI document is generated (`z.toJSONSchema`) rather than written by hand. Request bodies of
 * on-demand detection are the route's own schemas, imported from the route.
 */
import { z } from 'zod';

const isoTime = z.string().describe('ISO-8601 timestamp');
const flag = z.enum(['true', 'false', '1', '0']);

export const errorResponse = z
  .object({
    error: z.object({
      code: z.enum(['BAD_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUDGET_EXCEEDED', 'UNAVAILABLE', 'TIMEOUT', 'INTERNAL']),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  });

export const logItem = z
  .object({
    similarity: z.number().optional().describe('Semantic search only: cosine similarity of the line\'s template to the query'),
    id: z.string(),
    timestamp: isoTime,
    level: z.string(),
    service: z.string().nullable(),
    message: z.string().describe('Redacted text'),
    raw_message: z.string().optional().describe('Unredacted text: admin, include_raw=true, and only when the deployment stores it'),
    template_id: z.string().nullable(),
    trace_id: z.string().nullable(),
    span_id: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    anomaly_score: z.number().nullable(),
    is_anomaly: z.boolean(),
  });

export const searchQuery = z.object({
  query: z.string().optional().describe('Full-text query (websearch syntax)'),
  level: z.string().optional(),
  service: z.string().optional(),
  start_time: isoTime.optional(),
  end_time: isoTime.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
  is_anomaly: flag.optional(),
  include_raw: flag.optional().describe('Admin only'),
  use_semantic_search: flag.optional(),
  similarity_threshold: z.number().min(0).max(1).optional(),
});

export const searchResponse = z.object({
  results: z.array(logItem),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
  has_more: z.boolean(),
  search_type: z.string().describe('fulltext, filter or semantic'),
});

export const volumeQuery = z.object({
  level: z.string().optional(),
  service: z.string().optional(),
  start_time: isoTime.optional(),
  end_time: isoTime.optional(),
  interval: z.enum(['minute', 'hour', 'day']).default('hour'),
});

export const volumeResponse = z.object({
  interval: z.enum(['minute', 'hour', 'day']),
  buckets: z.array(z.object({ timestamp: isoTime, level: z.string(), count: z.number().int() })),
});

export const logQuery = z.object({ include_raw: flag.optional().describe('Admin only') });

export const detectionResponse = z
  .object({
    anomalies: z.array(
      z.object({
        log_id: z.string(),
        anomaly_score: z.number().min(0).max(1).describe('0.5 is the method threshold'),
        driver: z.string().nullable().describe('Feature that deviated most (z-score, IQR); null for the forest'),
      }),
    ),
    total: z.number().int().describe('Anomalous lines found in the scan'),
    method: z.enum(['isolation_forest', 'z_score', 'iqr']),
    logs_scanned: z.number().int(),
    truncated: z.boolean().describe('The scan stopped at its row cap'),
  });

export const scoreResponse = z.object({
  log_id: z.string(),
  anomaly_score: z.number().min(0).max(1),
  is_anomaly: z.boolean(),
  method: z.enum(['isolation_forest', 'z_score', 'iqr']),
  driver: z.string().nullable(),
  features: z.record(z.string(), z.number()).describe('rarity, rateZ, severity, paramShift, pipelineScore'),
  baseline_size: z.number().int(),
});

export const healthResponse = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  database: z.enum(['up', 'down']),
  version: z.string(),
});

export const kafkaHealthResponse = z
  .object({ status: z.string().describe('up, down or disabled') })
  .catchall(z.unknown())
  .describe('Broker reachability, topics and the consumer group lag per partition');

export const rootResponse = z.object({ name: z.string(), version: z.string(), graphql: z.string(), rest: z.string() });

export const pageQuery = z.object({
  limit: z.number().int().min(1).max(1000).optional(),
  offset: z.number().int().min(0).optional(),
});

export const clusterQuery = z.object({ sample_limit: z.number().int().min(1).max(100).default(10).describe('Sample lines returned') });

export const explainResponse = z.object({
  id: z.string(),
  status: z.string(),
  explanation: z.record(z.string(), z.unknown()).nullable(),
  explanation_source: z.string().nullable().describe('llm, cache or fallback'),
});

export const budgetResponse = z.object({
  day: z.string(),
  spent_usd: z.number(),
  limit_usd: z.number(),
  remaining_usd: z.number(),
  exceeded: z.boolean(),
});
