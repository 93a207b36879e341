import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config } from '../config.js';
import { silentLogger } from '../domain/logger.js';
import type { EmbeddingProvider } from '../embeddings/index.js';
import {
  BatchConsumer,
  createKafkaClient,
  ensureTopics,
  kafkaConfigSchema,
  type BatchConsumerConfig,
  type KafkaClient,
  type RawMessage,
} from '../kafka/index.js';
import { fastConsumerConfig, waitFor } from '../kafka/kafka-test-kit.js';
import { createEmbeddingProvider } from '../runtime/build-pipeline.js';
import type { Database } from '../storage/index.js';
import { openTestDatabase, type TestDatabase } from '../storage/testing/test-database.js';
import { ProcessorService, processorServiceConfigSchema } from './processor-service.js';

/**
 * Helpers for the service's integration tests: a unique topic prefix and group per test, a fresh
 * migrated PostgreSQL database, the repository's GloVe cache (never rebuilt), fast consumers.
 */
const EMBEDDING_CACHE = fileURLToPath(new URL('../../../.cache/embeddings', import.meta.url));

export interface ServiceTestContext {
  readonly client: KafkaClient;
  readonly config: Config;
  readonly db: Database;
  readonly provider: EmbeddingProvider;
  /** Stops what was started (services first), deletes the topics and the database. */
  cleanup(): Promise<void>;
  /** A service instance on this context's topics; `groupId` overrides the consumer group. */
  service(groupId?: string, consumer?: Partial<BatchConsumerConfig>): Promise<ProcessorService>;
  /** Produces in sends of `perSend` (each send is one record batch per partition, so one consumer batch at most). */
  produce(messages: ReadonlyArray<{ value: Buffer | string | null; partition?: number; key?: string }>, perSend?: number): Promise<void>;
  /** Sum of the committed offsets of `groupId` on the raw topic. */
  committed(groupId?: string): Promise<number>;
  /** Waits until `groupId` committed `produced` messages; the error names the service's stats. */
  drained(produced: number, service: ProcessorService, groupId?: string, timeoutMs?: number): Promise<void>;
  /** Reads `topic` from the beginning until `count` messages arrived. */
  read(topic: string, count: number, timeoutMs?: number): Promise<RawMessage[]>;
  count(table: string, where?: Record<string, unknown>): Promise<number>;
}

/** `env` adds settings to the service's config (as environment variables would), e.g. a small `AILOG_BATCH_SIZE`. */
export async function serviceTestContext(brokers: string, databaseUrl: string, env: Record<string, string> = {}): Promise<ServiceTestContext> {
  const p = `s${randomUUID().slice(0, 8)}`;
  const kafka = kafkaConfigSchema.parse({
    brokers,
    clientId: p,
    groupId: `${p}-group`,
    topics: { raw: `${p}-logs-raw`, processed: `${p}-logs-processed`, anomalies: `${p}-anomalies`, dlq: `${p}-logs-dlq` },
  });
  const client = createKafkaClient(kafka, silentLogger);
  const admin = client.admin();
  await admin.connect();
  await ensureTopics(admin, kafka);
  const handle: TestDatabase = await openTestDatabase('postgres', databaseUrl);
  const config = parseConfig({ LOG_LEVEL: 'silent', AILOG_EMBEDDING_CACHE_DIR: EMBEDDING_CACHE, ...env });
  const provider = createEmbeddingProvider(config, silentLogger);
  const stoppers: (() => Promise<void>)[] = [];
  const serviceConfig = processorServiceConfigSchema.parse({ consumer: fastConsumerConfig({ maxBytesPerPartition: 16_384 }), checkpointEveryBatches: 5 });

  const committed = async (groupId = kafka.groupId): Promise<number> => {
    const [topic] = await admin.fetchOffsets({ groupId, topics: [kafka.topics.raw] });
    return (topic?.partitions ?? []).reduce((sum, part) => sum + Math.max(0, Number(part.offset)), 0);
  };

  return {
    client,
    config,
    db: handle.db,
    provider,
    async cleanup() {
      for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
      await admin.deleteTopics({ topics: Object.values(kafka.topics) }).catch(() => undefined);
      await admin.disconnect();
      await handle.cleanup();
    },
    async service(groupId, consumer) {
      const service = await ProcessorService.create({
        config,
        kafka: groupId === undefined ? kafka : { ...kafka, groupId },
        logger: silentLogger,
        service: { ...serviceConfig, consumer: { ...serviceConfig.consumer, ...consumer } },
        db: handle.db,
        embeddingProvider: provider,
      });
      stoppers.push(() => service.shutdown());
      return service;
    },
    async produce(messages, perSend = messages.length) {
      const producer = client.producer();
      await producer.connect();
      for (let i = 0; i < messages.length; i += perSend) {
        await producer.send({ topic: kafka.topics.raw, messages: messages.slice(i, i + perSend).map((m) => ({ ...m })) });
      }
      await producer.disconnect();
    },
    committed,
    async drained(produced, service, groupId, timeoutMs = 40_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await committed(groupId)) < produced) {
        if (Date.now() > deadline) throw new Error(`only ${await committed(groupId)} of ${produced} committed; stats ${JSON.stringify(service.stats)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async read(topic, count, timeoutMs = 20_000) {
      const received: RawMessage[] = [];
      const reader = new BatchConsumer({
        client,
        groupId: `${p}-reader-${randomUUID().slice(0, 6)}`,
        topics: [topic],
        handle: (messages) => {
          received.push(...messages);
          return Promise.resolve();
        },
        config: fastConsumerConfig(),
        logger: silentLogger,
      });
      await reader.start();
      try {
        await waitFor(() => received.length >= count, `${count} messages on ${topic}`, timeoutMs);
      } finally {
        await reader.stop();
      }
      return received;
    },
    async count(table, where = {}) {
      const [row] = await handle.db.knex(table).where(where).count({ count: '*' });
      return Number(row?.count);
    },
  };
}
