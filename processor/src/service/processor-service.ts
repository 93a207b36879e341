import { z } from 'zod';
import type { Config } from '../config.js';
import type { Logger } from '../domain/logger.js';
import type { EmbeddingProvider } from '../embeddings/index.js';
import type { DetectProcessorConfig } from '../processors/detect.processor.js';
import { KafkaExporter } from '../exporters/kafka.exporter.js';
import {
  BatchConsumer,
  batchConsumerConfigSchema,
  createKafkaClient,
  ensureTopics,
  KafkaPublisher,
  type BatchConsumerStats,
  type HandleResult,
  type KafkaClient,
  type KafkaConfig,
  type RawMessage,
} from '../kafka/index.js';
import { toPipelineRecords } from '../pipeline/pipeline.js';
import { emptyBatch, type Batch } from '../pipeline/stage.js';
import type { Redactor } from '../processors/redact/index.js';
import { createRedactor } from '../runtime/create-redactor.js';
import { createTextDecoder, type TextDecoder } from '../receivers/line-decoder.js';
import { buildPipeline, type RunningPipeline } from '../runtime/build-pipeline.js';
import { decodeFetch } from './decode-fetch.js';
import { SerialLane, Slots } from './overlap.js';
import { consumerLagConfigSchema, startConsumerLagMetrics } from '../telemetry/metrics.consumer-lag.js';
import { countFailed, countReceived } from '../telemetry/metrics.observer.js';
import { disabledTracing, type Tracing } from '../telemetry/tracing.js';
import { traceKafkaFetch } from '../telemetry/tracing.kafka.js';
import { bindBatchTrace, stageSpans } from '../telemetry/tracing.pipeline.js';
import type { Database } from '../storage/index.js';

/**
 * Service settings. Defaults: the consumer defaults of `batchConsumerConfigSchema` (earliest
 * offset for a new group, backoff 200 ms → 30 s), a miner checkpoint every 50 batches.
 */
export const processorServiceConfigSchema = z.object({
  consumer: batchConsumerConfigSchema.default(batchConsumerConfigSchema.parse({})),
  /** Save the miner state every this many batches (and at shutdown). Default 50. */
  checkpointEveryBatches: z.int().positive().default(50),
  /** `ailog_kafka_consumer_lag` polling; default every 15 s. */
  consumerLag: consumerLagConfigSchema.default({ intervalMs: 15_000 }),
  /**
   * Processed batches that may wait for or run their export while the next batch is processed:
   * their PostgreSQL transactions run concurrently (each needs a pooled connection), their
   * publishes one at a time in order. Default 3: processing can run ahead of a slow commit by a
   * little, memory stays bounded. Offsets are still committed only after every export of a fetch.
   */
  exportsInFlight: z.int().min(1).max(16).default(3),
});
export type ProcessorServiceConfig = z.infer<typeof processorServiceConfigSchema>;

export interface ProcessorServiceOptions {
  readonly config: Config;
  readonly kafka: KafkaConfig;
  readonly logger: Logger;
  readonly service?: ProcessorServiceConfig;
  /** An already open database (tests, several instances in one process); else from `config.storage`. */
  readonly db?: Database;
  readonly embeddingProvider?: EmbeddingProvider;
  /** Consumption stopped for good (a bug or a broker that gave up): the owner should shut down and exit non-zero. */
  readonly onFatal?: (error: unknown) => void;
  /** Spans per fetch and stage, continuing the producers' `traceparent`; default off. Not shut down here. */
  readonly tracing?: Tracing;
  /** Overrides the detect stage's defaults (tests that need a finding whatever the calibration). */
  readonly detect?: Partial<DetectProcessorConfig>;
}

/** Counters for logs, metrics and tests. */
export interface ProcessorServiceStats {
  readonly consumer: BatchConsumerStats;
  records: number;
  decodeFailures: number;
  /**
   * Wall time per pipeline stage (`template`, …, `export:postgres`, `export:kafka`), milliseconds,
   * summed over batches: database writes of different batches overlap, so `export:postgres` can
   * exceed the elapsed time.
   */
  readonly stageMillis: Record<string, number>;
}

/** A dead letter's sample is redacted and short: it lands in the database and in logs. */
const SAMPLE_LIMIT = 200;
const lossyUtf8 = new globalThis.TextDecoder('utf-8');

/**
 * The Kafka processor: consumes `logs-raw` in batches, decodes whatever shipper wrote them,
 * runs the pipeline (PostgreSQL commit, then `logs-processed`/`anomalies`/`logs-dlq`) and only
 * then lets the consumer commit the offsets: at-least-once with idempotent writes keyed by
 * topic/partition/offset, so a replay stores nothing twice.
 */
export class ProcessorService {
  readonly stats: ProcessorServiceStats;
  private readonly consumer: BatchConsumer;
  private readonly textDecoder: TextDecoder;
  private readonly redactor: Redactor;
  /** One batch at a time through the stateful processors; exports overlap (see `runOverlapped`). */
  private readonly cpu = new SerialLane();
  /**
   * Publishing runs one batch at a time, in processing order, so `logs-processed`, `anomalies`
   * and the in-process anomaly bus follow input order; the database writes before it overlap
   * (`runOverlapped`), so the api's pg_notify feed follows commit order.
   */
  private readonly publishing = new SerialLane();
  private readonly slots: Slots;
  private batches = 0;
  private started = false;
  private closing: Promise<void> | null = null;
  private stopLagMetrics: (() => Promise<void>) | null = null;

  private constructor(
    private readonly options: ProcessorServiceOptions,
    private readonly client: KafkaClient,
    private readonly publisher: KafkaPublisher,
    private readonly exporter: KafkaExporter,
    readonly running: RunningPipeline,
    stageMillis: Record<string, number>,
  ) {
    const { config, logger } = options;
    this.textDecoder = createTextDecoder(config.receiver.format);
    this.slots = new Slots(options.service?.exportsInFlight ?? 3);
    this.redactor = createRedactor(config);
    this.consumer = new BatchConsumer({
      client,
      topics: [client.config.topics.raw],
      handle: (messages) => traceKafkaFetch(options.tracing ?? disabledTracing, messages, client.config.groupId, () => this.handle(messages)),
      config: options.service?.consumer ?? processorServiceConfigSchema.parse({}).consumer,
      logger: logger.child({ component: 'consumer' }),
      onFatal: options.onFatal,
    });
    this.stats = { consumer: this.consumer.stats, records: 0, decodeFailures: 0, stageMillis };
  }

  /** Builds the pipeline with the Kafka exporter behind PostgreSQL; connects nothing yet. */
  static async create(options: ProcessorServiceOptions): Promise<ProcessorService> {
    const { config, logger } = options;
    const client = createKafkaClient(options.kafka, logger);
    const publisher = new KafkaPublisher(client, logger.child({ component: 'publisher' }));
    // Deferred acks: the next batch's database commit overlaps this batch's publish (see runOverlapped).
    const exporter = new KafkaExporter(publisher, { logger, deferAcks: true, copyOriginals: config.kafka.dlqCopyOriginals, publishProcessed: config.kafka.publishProcessed });
    const stageMillis: Record<string, number> = {};
    const observe = (stage: string, millis: number): void => {
      stageMillis[stage] = (stageMillis[stage] ?? 0) + millis;
    };
    const running = await buildPipeline({ config, logger, db: options.db, embeddingProvider: options.embeddingProvider, exporters: [exporter], observe, detect: options.detect, around: options.tracing?.enabled ? stageSpans(options.tracing) : undefined });
    return new ProcessorService(options, client, publisher, exporter, running, stageMillis);
  }

  /** Ensures the topics, connects the publisher, then joins the group and starts consuming. */
  async start(): Promise<void> {
    const admin = this.client.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, this.client.config, this.options.logger);
    } finally {
      await admin.disconnect();
    }
    await this.publisher.connect();
    const lagConfig = this.options.service?.consumerLag ?? consumerLagConfigSchema.parse({});
    this.stopLagMetrics = await startConsumerLagMetrics(this.client, [this.client.config.topics.raw], lagConfig, this.options.logger);
    this.started = true;
    this.running.sweeper.start();
    await this.consumer.start();
    this.options.logger.info({ topic: this.client.config.topics.raw, groupId: this.client.config.groupId }, 'processor service consuming');
  }

  /**
   * Graceful stop (SIGTERM): the in-flight batch finishes and commits, the group is left, the
   * miner is checkpointed, the publisher disconnected and the database closed (if we opened it).
   * Idempotent.
   */
  shutdown(): Promise<void> {
    this.closing ??= this.close();
    return this.closing;
  }

  private async close(): Promise<void> {
    const { logger } = this.options;
    if (this.started) await this.consumer.stop().catch((error: unknown) => logger.warn({ err: error }, 'consumer stop failed'));
    await this.stopLagMetrics?.().catch((error: unknown) => logger.warn({ err: error }, 'consumer lag admin stop failed'));
    try {
      await this.running.close();
    } finally {
      if (this.started) await this.publisher.disconnect().catch((error: unknown) => logger.warn({ err: error }, 'publisher disconnect failed'));
    }
    const stageMillis = Object.fromEntries(Object.entries(this.stats.stageMillis).map(([k, v]) => [k, Math.round(v)]));
    logger.info({ ...this.stats.consumer, records: this.stats.records, decodeFailures: this.stats.decodeFailures, stageMillis }, 'processor service stopped');
  }

  /** One partition's fetch: resolves after PostgreSQL committed and Kafka acknowledged the outputs of all of it. */
  private async handle(messages: RawMessage[]): Promise<HandleResult> {
    const { records, deadLetters, originals } = decodeFetch(messages, { textDecoder: this.textDecoder, observedAt: new Date(), sample: (message) => this.sampleOf(message) });
    // A compressed fetch can hold tens of thousands of lines: run them in pipeline-sized batches
    // (bounded transactions and producer requests); the offset commit still waits for all of them.
    countReceived(records);
    const size = this.options.config.pipeline.batchSize;
    const batches: Batch[] = [];
    for (let from = 0; from === 0 || from < records.length; from += size) {
      batches.push(emptyBatch(toPipelineRecords(records, from, from + size)));
    }
    bindBatchTrace(batches);
    const [first] = batches;
    if (first) {
      first.deadLetters.push(...deadLetters);
      this.exporter.attachOriginals(first, originals);
    }
    await this.runOverlapped(batches);
    this.stats.records += records.length;
    this.stats.decodeFailures += deadLetters.length;
    this.batches += 1;
    if (this.batches % (this.options.service?.checkpointEveryBatches ?? 50) === 0) await this.checkpoint();
    return { handled: records.length, deadLettered: deadLetters.length };
  }

  /**
   * A pipeline in lanes: batches are processed one at a time (service-wide, across partitions)
   * while earlier batches are committed to PostgreSQL, concurrently (one transaction each, on
   * pooled connections — PGlite queues them on its one; a single writer left a core idle while
   * its backend worked), and
   * published one at a time in processing order once their own commit is done (the broker's
   * acknowledgement is awaited here, off the publishing lane), up to `exportsInFlight` behind.
   * Offsets are committed only after all of a fetch's batches, so commit order does not matter
   * for at-least-once. Resolves when every export
   * succeeded; rejects with the first failure after the rest settled, so the caller's retry
   * starts from a quiet state (replays are idempotent).
   */
  private async runOverlapped(batches: readonly Batch[]): Promise<void> {
    const { pipeline } = this.running;
    const exports: Array<Promise<unknown>> = [];
    // `stopped` is set synchronously by the first failure anywhere (a write of a later batch may
    // fail before an earlier batch's publish ran): nothing further is processed, stored or published.
    const state: { failure: { error: unknown } | null; stopped: boolean } = { failure: null, stopped: false };
    const stop = (): void => {
      state.stopped = true;
    };
    const fail = (error: unknown, batch: Batch): void => {
      countFailed(error, batch.records.length);
      state.failure ??= { error };
      stop();
    };
    for (const batch of batches) {
      await this.slots.acquire();
      if (state.stopped) {
        this.slots.release();
        break;
      }
      try {
        await this.cpu.run(() => pipeline.transform(batch));
      } catch (error) {
        this.slots.release();
        fail(error, batch);
        break;
      }
      // After a failure the rest of this fetch is redelivered anyway: its queued exports are skipped.
      const stored = state.stopped ? Promise.resolve() : pipeline.exportUnordered(batch);
      // Stops at once; the error itself surfaces through the publishing task, which may start later.
      stored.catch(stop);
      // Queued now, in batch order, whichever transaction commits first.
      const exported = this.publishing.run(async () => {
        await stored;
        if (!state.stopped) await pipeline.exportOrdered(batch);
      });
      const acknowledged = exported.then(() => this.exporter.acknowledged(batch));
      exports.push(acknowledged.catch((error: unknown) => fail(error, batch)).finally(() => this.slots.release()));
    }
    await Promise.all(exports);
    if (state.failure) throw state.failure.error;
  }

  /** The miner state is a cache (ids come from template text): a failed save must not stall the stream. */
  private async checkpoint(): Promise<void> {
    try {
      await this.running.checkpoint();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'miner checkpoint failed; will retry at the next one');
    }
  }

  private sampleOf(message: RawMessage): string {
    if (message.value === null) return '';
    return this.redactor.redact(lossyUtf8.decode(message.value.subarray(0, SAMPLE_LIMIT * 4)).slice(0, SAMPLE_LIMIT)).text;
  }
}
