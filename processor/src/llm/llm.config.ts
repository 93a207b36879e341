import { z } from 'zod';

/**
 * Tier-2 (LLM) settings. Validation is off and no endpoint is set by default, so a fresh install
 * never spends money; every anomaly then gets the deterministic fallback explanation.
 */
export const llmConfigSchema = z.object({
  /** API key; local servers (Ollama, vLLM) accept any string. Default: none (LLM off unless `baseURL` is set). */
  apiKey: z.string().min(1).optional(),
  /** Base URL including `/v1`. Default: none (OpenAI's URL is used when only `apiKey` is set). */
  baseURL: z.string().url().optional(),
  /** Chat model. Default `gpt-4o-mini`. */
  chatModel: z.string().min(1).default('gpt-4o-mini'),
  /** Daily cap in USD over chat AND embeddings, shared by every replica through PostgreSQL. Default 1. */
  dailyBudgetUsd: z.number().min(0).default(1),
  /** Ask the LLM to validate pipeline anomalies. Default false. */
  validationEnabled: z.boolean().default(false),
  /** Only anomalies scoring at least this reach the LLM. Default 0.7. */
  anomalyScoreThreshold: z.number().min(0).max(1).default(0.7),
  /** A verdict less confident than this dismisses the anomaly. Default 0.6. */
  confidenceThreshold: z.number().min(0).max(1).default(0.6),
  /** One HTTP attempt's timeout. Default 20000 ms. */
  timeoutMs: z.number().int().positive().default(20_000),
  /** Retries after a 429/5xx/timeout (not counting the first attempt). Default 2. */
  maxRetries: z.number().int().min(0).max(10).default(2),
  /** First backoff delay; doubles per retry with ±20 % jitter. Default 500 ms. */
  retryBaseMs: z.number().int().positive().default(500),
  /** Longest wait between retries, including a server's Retry-After. Default 10000 ms. */
  retryMaxMs: z.number().int().positive().default(10_000),
  /** LLM calls in flight at once per process. Default 2. */
  concurrency: z.number().int().positive().max(32).default(2),
  /** Consecutive failures that open the circuit. Default 3. */
  breakerFailures: z.number().int().positive().default(3),
  /** How long an open circuit refuses calls before one probe. Default 60000 ms. */
  breakerOpenMs: z.number().int().positive().default(60_000),
  /** Output token cap of a validation answer. Default 400. */
  maxOutputTokens: z.number().int().positive().default(400),
  /** Output token cap of a root-cause summary. Default 600. */
  rootCauseMaxTokens: z.number().int().positive().default(600),
  /** Example lines per template in a prompt. Default 3. */
  exampleLines: z.number().int().min(0).max(20).default(3),
  /**
   * Total validation time per pipeline batch; rows still waiting then get the fallback
   * (`skipped: deadline`) and the sweeper asks again later, so a slow endpoint cannot hold the
   * commit lane for timeout × retries. Default 30000 ms.
   */
  batchDeadlineMs: z.number().int().positive().default(30_000),
  /** Age after which a cached verdict is asked again. Default 24 h. */
  cacheTtlHours: z.number().positive().default(24),
  /** Chat input price override (USD per 1M tokens) for the configured model, e.g. 0 for a local one. Default: price table. */
  priceInputPerMTok: z.number().min(0).optional(),
  /** Chat output price override (USD per 1M tokens) for the configured model. Default: price table. */
  priceOutputPerMTok: z.number().min(0).optional(),
  /** Embedding price override (USD per 1M tokens) for the configured embedding model. Default: price table. */
  embeddingPricePerMTok: z.number().min(0).optional(),
  /** How often the explanation sweeper looks for unexplained rows in long-running processes. Default 60000 ms. */
  sweepIntervalMs: z.number().int().positive().default(60_000),
  /** Rows the sweeper explains per round. Default 100. */
  sweepBatchSize: z.number().int().positive().max(10_000).default(100),
  /** Fraction of the budget at which one warning is logged per day. Default 0.8. */
  warnAtFraction: z.number().min(0).max(1).default(0.8),
});
export type LlmConfig = z.infer<typeof llmConfigSchema>;
export type LlmConfigInput = z.input<typeof llmConfigSchema>;

/** True when an endpoint is configured at all (key or URL). */
export function hasEndpoint(config: LlmConfig): boolean {
  return config.apiKey !== undefined || config.baseURL !== undefined;
}
