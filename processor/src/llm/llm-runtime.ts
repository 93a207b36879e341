import type { Knex } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { Logger } from '../domain/logger.js';
import type { CachedEmbedder } from '../embeddings/embedding-provider.js';
import { createRedactor } from '../runtime/create-redactor.js';
import { BudgetRepository } from '../storage/repositories/budget.repository.js';
import { ExplainContextRepository } from '../storage/repositories/explain-context.repository.js';
import { LlmExplanationRepository } from '../storage/repositories/llm-explanation.repository.js';
import { AnomalyExplainer } from './anomaly-explainer.js';
import { BudgetGuard } from './budget-guard.js';
import { ChatClient, type ChatModel } from './chat-client.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { hasEndpoint, llmConfigSchema, type LlmConfig } from './llm.config.js';
import { EmbeddingNearestNormal } from './nearest-normal.js';
import { priceWithOverrides } from './pricing.js';
import type { RedactText } from './prompt.js';
import { RootCauseAnalyzer } from './root-cause.js';

export interface LlmRuntimeOptions {
  readonly config: LlmConfig;
  readonly knex: Knex;
  readonly logger: Logger;
  /** PII redaction applied to every text entering a prompt. */
  readonly redact: RedactText;
  /** Enables nearest-normal lookups by embedding (the pipeline's embedder). */
  readonly embedder?: CachedEmbedder;
  /** Overrides the chat endpoint (tests); by default one is built when the config names an endpoint. */
  readonly chat?: ChatModel | null;
  /** A guard already shared with the embedding provider; by default a new one over `knex`. */
  readonly budget?: BudgetGuard;
}

/** The LLM parts wired together; one per process, shared by the pipeline and the API. */
export interface LlmRuntime {
  readonly config: LlmConfig;
  readonly chat: ChatModel | null;
  readonly budget: BudgetGuard;
  readonly breaker: CircuitBreaker;
  readonly explainer: AnomalyExplainer;
  readonly rootCause: RootCauseAnalyzer;
  readonly context: ExplainContextRepository;
  readonly cache: LlmExplanationRepository;
}

/** The tier-2 settings out of the application config (`openai` and `llm` sections). */
export function llmConfigFromAppConfig(config: Config): LlmConfig {
  return llmConfigSchema.parse({
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseUrl,
    chatModel: config.openai.chatModel,
    dailyBudgetUsd: config.openai.dailyBudgetUsd,
    validationEnabled: config.llm.validationEnabled,
    anomalyScoreThreshold: config.llm.anomalyScoreThreshold,
    confidenceThreshold: config.llm.confidenceThreshold,
    timeoutMs: config.llm.timeoutMs,
    maxRetries: config.llm.maxRetries,
    concurrency: config.llm.concurrency,
    batchDeadlineMs: config.llm.batchDeadlineMs,
    cacheTtlHours: config.llm.cacheTtlHours,
    priceInputPerMTok: config.llm.priceInputPerMTok,
    priceOutputPerMTok: config.llm.priceOutputPerMTok,
    embeddingPricePerMTok: config.openai.embeddingPricePerMTok,
  });
}

/** The daily budget guard over `budget_ledger`. */
export function createBudgetGuard(config: LlmConfig, knex: Knex, logger: Logger): BudgetGuard {
  return new BudgetGuard(new BudgetRepository(knex), { dailyBudgetUsd: config.dailyBudgetUsd, warnAtFraction: config.warnAtFraction, logger });
}

/** The configured chat client, or null when no endpoint is configured. */
export function createChatModel(config: LlmConfig): ChatModel | null {
  if (!hasEndpoint(config)) return null;
  return new ChatClient({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    model: config.chatModel,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    retryBaseMs: config.retryBaseMs,
    retryMaxMs: config.retryMaxMs,
  });
}

/** Builds budget guard, breaker, explainer and root-cause analyzer over one database. */
export function createLlmRuntime(options: LlmRuntimeOptions): LlmRuntime {
  const { config, knex, logger, redact } = options;
  const chat = options.chat === undefined ? createChatModel(config) : options.chat;
  const budget = options.budget ?? createBudgetGuard(config, knex, logger);
  const breaker = new CircuitBreaker({ failureThreshold: config.breakerFailures, openMs: config.breakerOpenMs });
  const context = new ExplainContextRepository(knex);
  const cache = new LlmExplanationRepository(knex, { ttlMs: config.cacheTtlHours * 3_600_000 });
  const nearest = options.embedder === undefined ? undefined : new EmbeddingNearestNormal(options.embedder, context);
  const explainer = new AnomalyExplainer({ config, chat, budget, breaker, cache, context, redact, logger, ...(nearest ? { nearest } : {}) });
  const price = chat === null ? undefined : priceWithOverrides(chat.model, { inputPerMTok: config.priceInputPerMTok, outputPerMTok: config.priceOutputPerMTok });
  const rootCause = new RootCauseAnalyzer({ chat, budget, breaker, context, redact, maxTokens: config.rootCauseMaxTokens, ...(price ? { price } : {}) });
  return { config, chat, budget, breaker, explainer, rootCause, context, cache };
}

/**
 * The runtime for a process that only serves the API (no pipeline): settings and the redaction
 * allow-lists from the application config, no nearest-normal lookups.
 */
export function createLlmRuntimeFromConfig(config: Config, knex: Knex, logger: Logger): LlmRuntime {
  const redactor = createRedactor(config);
  return createLlmRuntime({ config: llmConfigFromAppConfig(config), knex, logger, redact: (text) => redactor.redact(text).text });
}
