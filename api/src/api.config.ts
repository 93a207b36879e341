import { z } from 'zod';
import { traceLinkConfigSchema } from './services/trace-link.service.js';

/**
 * Options of the API gateway. The first three mirror the `api` section of the processor's
 * `config.ts`, so `config.api` can be passed as is; the rest have defaults stated here.
 */
export const apiConfigSchema = z.object({
  /** Interface to bind. Default 127.0.0.1 (loopback: exposing it is a deliberate choice). */
  host: z.string().default('127.0.0.1'),
  /** Port to listen on; 0 picks a free one. Default 8000. */
  port: z.number().int().min(0).max(65535).default(8000),
  /** Browser origins allowed by CORS. Default none (same-origin and non-browser clients only). */
  corsOrigins: z.array(z.string()).default([]),
  /** Largest accepted request body. Default 100 kB: queries are small; logs are not ingested here. */
  maxBodyBytes: z.number().int().positive().default(100_000),
  /** Deepest GraphQL selection accepted. Default 8. */
  maxQueryDepth: z.number().int().positive().default(8),
  /**
   * Highest estimated GraphQL query cost (fields × requested list sizes, see `cost-limit.rule.ts`).
   * Default 50 000: a full 1000-item page of every log field fits about three times over.
   */
  maxQueryCost: z.number().int().positive().default(50_000),
  /** How long a verified API key is trusted without asking the database again. Default 10 s. */
  keyCacheTtlMs: z.number().int().min(0).default(10_000),
  /** Anomalies buffered per slow subscriber before the oldest are dropped. Default 1000. */
  subscriptionQueueSize: z.number().int().positive().default(1000),
  /** Reported by `GET /`. Default the package version. */
  version: z.string().default('0.1.0'),
  /** GraphiQL at `GET /graphql` for browsers, assets served locally. Default on (`ailog serve` turns it off under NODE_ENV=production). */
  graphiql: z.boolean().default(true),
  /** Tempo/Grafana links for `anomaly.traceUrl`. Default: none. */
  traceLinks: traceLinkConfigSchema.default({ grafanaTempoDatasource: 'tempo' }),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;
export type ApiConfigInput = z.input<typeof apiConfigSchema>;
