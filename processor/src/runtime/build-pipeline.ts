import type { Config } from '../config.js';
import type { Logger } from '../domain/logger.js';
import {
  CachedEmbedder,
  GloveProvider,
  OpenAiEmbeddingProvider,
  gloveConfigSchema,
  openAiEmbeddingConfigSchema,
  type EmbeddingProvider,
} from '../embeddings/index.js';
import { AnomalyBus, AnomalyBusExporter } from '../exporters/anomaly-bus.exporter.js';
import { PostgresExporter } from '../exporters/postgres.exporter.js';
import { BudgetedEmbeddingProvider, ExplanationSweeper, ValidateExporter, createBudgetGuard, createLlmRuntime, llmConfigFromAppConfig, type BudgetGuard, type LlmRuntime } from '../llm/index.js';
import { PublishFilterExporter } from '../exporters/publish-filter.exporter.js';
import { Pipeline, type StageObserver, type StageWrapper } from '../pipeline/pipeline.js';
import type { Exporter } from '../pipeline/stage.js';
import { DetectProcessor, type DetectProcessorConfig } from '../processors/detect.processor.js';
import { EmbedProcessor } from '../processors/embed.processor.js';
import { FeedbackProcessor } from '../processors/feedback.processor.js';
import { RedactProcessor } from '../processors/redact/index.js';
import { TemplateProcessor } from '../processors/template.processor.js';
import { setTemplateCountSource } from '../telemetry/metrics.js';
import { meteredCache, meteredProvider } from '../telemetry/metrics.embedder.js';
import { composeObservers, createMetricsObserver } from '../telemetry/metrics.observer.js';
import { EmbeddingCacheRepository, MinerStateRepository, openDatabase, type Database } from '../storage/index.js';
import { FeedbackRepository } from '../storage/repositories/feedback.repository.js';
import { TemplateVectorRepository } from '../storage/repositories/template-vector.repository.js';
import { VectorIndexLoader, createVectorStore, type VectorStore } from '../vectors/index.js';
import type { TemplateMiner } from '../templates/index.js';
import { createRedactor } from './create-redactor.js';
import { DatabaseEmbeddingCache } from './database-embedding-cache.js';
import { MinerStore } from './miner-store.js';

export interface BuildOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** An already open database (tests); otherwise opened from `config.storage`. */
  readonly db?: Database;
  /** Overrides the configured provider (tests, benchmarks). */
  readonly embeddingProvider?: EmbeddingProvider;
  readonly detect?: Partial<DetectProcessorConfig>;
  /** Extra exporters after PostgreSQL and the bus, e.g. the Kafka publisher. */
  readonly exporters?: readonly Exporter[];
  readonly observe?: StageObserver;
  /** Runs each stage inside this (tracing spans: `stageSpans` in telemetry/tracing.pipeline). */
  readonly around?: StageWrapper;
  /** A vector store shared with the caller (e.g. the API in the same process); otherwise built from `config.vectorStore`. */
  readonly vectors?: VectorStore;
}

/** A built pipeline and the parts callers report on or shut down. */
export interface RunningPipeline {
  readonly pipeline: Pipeline;
  readonly db: Database;
  readonly miner: TemplateMiner;
  readonly bus: AnomalyBus;
  readonly postgres: PostgresExporter;
  readonly detect: DetectProcessor;
  readonly embed: EmbedProcessor;
  /** Tier 2: budget guard, explainer and root-cause analyzer over this database. */
  readonly llm: LlmRuntime;
  /** Explains (and, with validation on, LLM-validates) every stored anomaly. */
  readonly validate: ValidateExporter;
  /** Explains rows the validate step left behind; long-running processes start it, `close()` stops it. */
  readonly sweeper: ExplanationSweeper;
  /** Template vectors (embedded index or Qdrant), filled by the embed stage. */
  readonly vectors: VectorStore;
  /** The provider templates are embedded with (budgeted when paid); a search query must use the same. */
  readonly embeddingProvider: EmbeddingProvider;
  /** Saves the miner state so a restart keeps templates and ids. */
  checkpoint(): Promise<void>;
  /** Checkpoints, closes exporters and, when this module opened it, the database. */
  close(): Promise<void>;
}

/**
 * The configured embedding provider: local GloVe (offline) unless `openai` is chosen; a paid
 * provider goes through `budget` (the daily LLM budget) when one is given.
 */
export function createEmbeddingProvider(config: Config, logger: Logger, budget?: BudgetGuard): EmbeddingProvider {
  if (config.embeddings.provider === 'openai') {
    const provider = new OpenAiEmbeddingProvider(
      openAiEmbeddingConfigSchema.parse({
        apiKey: config.openai.apiKey,
        baseURL: config.openai.baseUrl,
        model: config.embeddings.model,
        dimensions: config.embeddings.dimensions,
      }),
    );
    return budget === undefined ? provider : new BudgetedEmbeddingProvider(provider, budget, config.openai.embeddingPricePerMTok);
  }
  return GloveProvider.load(
    gloveConfigSchema.parse({ cacheDir: config.embeddings.cacheDir }),
    logger,
  );
}

/**
 * The composition root of the processor: receive → mine → redact → embed → detect → persist
 * → publish, identical for the embedded default and the Kafka service (which adds its
 * publisher as an extra exporter).
 */
export async function buildPipeline(options: BuildOptions): Promise<RunningPipeline> {
  const { config, logger } = options;
  const ownsDb = options.db === undefined;
  const db = options.db ?? (await openDatabase(config.storage, logger));
  try {
    const redactor = createRedactor(config);
    const minerStore = new MinerStore(new MinerStateRepository(db.knex), logger, (text) => redactor.redact(text).text);
    const miner = await minerStore.load();
    setTemplateCountSource(() => miner.templates().length);
    const llmConfig = llmConfigFromAppConfig(config);
    const budget = createBudgetGuard(llmConfig, db.knex, logger);
    const provider = options.embeddingProvider ?? createEmbeddingProvider(config, logger, budget);
    // Metered wrappers feed ailog_embedding_calls_total and the cache hit/miss counters.
    const embedder = new CachedEmbedder(meteredProvider(provider), meteredCache(new DatabaseEmbeddingCache(new EmbeddingCacheRepository(db.knex))));
    // The embedded index is rebuilt from the embedding cache; a fresh Qdrant collection back-fills the same way.
    const vectors = options.vectors ?? createVectorStore(config.vectorStore, provider);
    await new VectorIndexLoader(new TemplateVectorRepository(db.knex), vectors, { provider: provider.name, model: provider.model }).sync();
    const embed = new EmbedProcessor(embedder, vectors);
    const detect = new DetectProcessor(options.detect ?? {}, embedder, logger);
    const redact = new RedactProcessor(redactor);
    // User feedback (mutes, false positives) applied to findings; reloaded when it changes.
    const feedback = new FeedbackProcessor(new FeedbackRepository(db.knex), { refreshMs: config.feedback.refreshMs }, logger, Date.now, (rules) => detect.applyFeedback(rules));
    const postgres = new PostgresExporter(db.knex, { storeRaw: config.storage.storeRaw, logger });
    const llm = createLlmRuntime({ config: llmConfig, knex: db.knex, logger, redact: (text) => redactor.redact(text).text, embedder, budget });
    const validate = new ValidateExporter(llm.explainer, llm.context, { concurrency: llmConfig.concurrency, deadlineMs: llmConfig.batchDeadlineMs, logger });
    const sweeper = new ExplanationSweeper(llm.context, validate, { intervalMs: llmConfig.sweepIntervalMs, batchSize: llmConfig.sweepBatchSize, logger });
    const bus = new AnomalyBus();
    const pipeline = new Pipeline({
      processors: [new TemplateProcessor(miner), redact, embed, detect, feedback],
      // Muted and dismissed findings are stored but never published (bus, Kafka).
      exporters: [postgres, validate, ...[new AnomalyBusExporter(bus), ...(options.exporters ?? [])].map((e) => new PublishFilterExporter(e))],
      // Prometheus metrics always; the caller's observer (service stats, benches) on top.
      observe: composeObservers(createMetricsObserver(), options.observe),
      around: options.around,
    });
    const checkpoint = (): Promise<void> => minerStore.save(miner);
    return {
      pipeline,
      db,
      miner,
      bus,
      postgres,
      detect,
      embed,
      vectors,
      embeddingProvider: provider,
      llm,
      validate,
      sweeper,
      checkpoint,
      // The database is closed whatever failed before it, or the process would never exit.
      close: async () => {
        try {
          await sweeper.stop();
          await checkpoint();
          await pipeline.close();
          if (options.vectors === undefined) await vectors.close();
        } finally {
          if (ownsDb) await db.close();
        }
      },
    };
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
}
