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
import { Pipeline, type StageObserver } from '../pipeline/pipeline.js';
import type { Exporter } from '../pipeline/stage.js';
import { DetectProcessor, type DetectProcessorConfig } from '../processors/detect.processor.js';
import { EmbedProcessor } from '../processors/embed.processor.js';
import { RedactProcessor, Redactor } from '../processors/redact/index.js';
import { TemplateProcessor } from '../processors/template.processor.js';
import { EmbeddingCacheRepository, MinerStateRepository, openDatabase, type Database } from '../storage/index.js';
import type { TemplateMiner } from '../templates/index.js';
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
  /** Saves the miner state so a restart keeps templates and ids. */
  checkpoint(): Promise<void>;
  /** Checkpoints, closes exporters and, when this module opened it, the database. */
  close(): Promise<void>;
}

/** The configured embedding provider: local GloVe (offline) unless `openai` is chosen. */
export function createEmbeddingProvider(config: Config, logger: Logger): EmbeddingProvider {
  if (config.embeddings.provider === 'openai') {
    return new OpenAiEmbeddingProvider(
      openAiEmbeddingConfigSchema.parse({
        apiKey: config.openai.apiKey,
        baseURL: config.openai.baseUrl,
        model: config.embeddings.model,
        dimensions: config.embeddings.dimensions,
      }),
    );
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
    const redactor = new Redactor({
      allow: {
        ips: [...config.redaction.allowIps],
        emails: [...config.redaction.allowEmails],
        privateIps: config.redaction.keepPrivateIps,
      },
    });
    const minerStore = new MinerStore(new MinerStateRepository(db.knex), logger, (text) => redactor.redact(text).text);
    const miner = await minerStore.load();
    const provider = options.embeddingProvider ?? createEmbeddingProvider(config, logger);
    const embedder = new CachedEmbedder(provider, new DatabaseEmbeddingCache(new EmbeddingCacheRepository(db.knex)));
    const embed = new EmbedProcessor(embedder);
    const detect = new DetectProcessor(options.detect ?? {}, embedder, logger);
    const redact = new RedactProcessor(redactor);
    const postgres = new PostgresExporter(db.knex, { storeRaw: config.storage.storeRaw, logger });
    const bus = new AnomalyBus();
    const pipeline = new Pipeline({
      processors: [new TemplateProcessor(miner), redact, embed, detect],
      exporters: [postgres, new AnomalyBusExporter(bus), ...(options.exporters ?? [])],
      observe: options.observe,
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
      checkpoint,
      // The database is closed whatever failed before it, or the process would never exit.
      close: async () => {
        try {
          await checkpoint();
          await pipeline.close();
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
