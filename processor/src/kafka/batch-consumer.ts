import type { EachBatchPayload } from 'kafkajs';
import { z } from 'zod';
import { isRetriable } from '../domain/errors.js';
import type { Logger } from '../domain/logger.js';
import { backoffConfigSchema, backoffDelay } from './backoff.js';
import type { KafkaClient, KafkaConsumer } from './kafka-client.js';
import { toRawMessage, type RawMessage } from './raw-message.js';

/**
 * Consumer settings. Defaults: start from the earliest offset for a new group (nothing shipped
 * before the first start is lost), 30 s session, heartbeat every 3 s, 2 MiB per partition and
 * fetch, 500 ms max fetch wait, 3 partitions handled concurrently, backoff 200 ms → 30 s.
 */
export const batchConsumerConfigSchema = z.object({
  fromBeginning: z.boolean().default(true),
  sessionTimeoutMs: z.int().positive().default(30_000),
  heartbeatIntervalMs: z.int().positive().default(3000),
  // Bigger fetches mean fewer points where the service waits for its last export before committing.
  maxBytesPerPartition: z.int().positive().default(2_097_152),
  maxWaitTimeMs: z.int().nonnegative().default(500),
  /**
   * Partitions whose batches the handler gets at the same time (kafkajs keeps each partition in
   * order). More than 1 lets one partition's database commit overlap another's processing.
   */
  partitionsConsumedConcurrently: z.int().min(1).max(64).default(3),
  backoff: backoffConfigSchema.default({ initialMs: 200, maxMs: 30_000, jitter: 0.2 }),
});
export type BatchConsumerConfig = z.infer<typeof batchConsumerConfigSchema>;

/** What the handler reports back; only used for counters and logs. */
export interface HandleResult {
  readonly handled?: number;
  readonly deadLettered?: number;
}

/** Context of one batch: all its messages share one topic-partition. */
export interface BatchContext {
  readonly topic: string;
  readonly partition: number;
  /** Keeps the group membership alive; the consumer already calls it periodically. */
  heartbeat(): Promise<void>;
}

/**
 * Processes one batch and resolves only once its results are durable (database commit): offsets
 * are committed after it resolves. Throw a retriable `AppError` for transient trouble (the batch
 * is redelivered after a backoff); bad records must be dead-lettered by the handler, not thrown.
 */
export type BatchHandler = (messages: RawMessage[], context: BatchContext) => Promise<HandleResult | void>;

export interface BatchConsumerOptions {
  readonly client: KafkaClient;
  readonly topics: readonly string[];
  /** Default: the client's `groupId`. */
  readonly groupId?: string;
  readonly handle: BatchHandler;
  readonly config: BatchConsumerConfig;
  readonly logger: Logger;
  /** Called when a non-retriable error stopped consumption; the service should exit (and be restarted). */
  readonly onFatal?: (error: unknown) => void;
}

/** Counters for metrics and tests. */
export interface BatchConsumerStats {
  batches: number;
  messages: number;
  retries: number;
  commits: number;
}

/**
 * At-least-once consumer: per batch, hand messages to the handler, then commit the offset after the
 * last message. A retriable failure re-runs the same batch after an exponential backoff (heartbeats
 * going on), so nothing past an unprocessed message is ever fetched or committed; a permanent one
 * pauses everything and reports to the owner.
 */
export class BatchConsumer {
  readonly stats: BatchConsumerStats = { batches: 0, messages: 0, retries: 0, commits: 0 };
  private readonly consumer: KafkaConsumer;
  /** Backoff attempts per partition, kept across redeliveries of the same batch. */
  private readonly attempts = new Map<string, number>();
  /** Batches in flight, so a stop can cut their backoff short. */
  private readonly leases = new Set<Lease>();
  private stopping = false;
  private fatal = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: BatchConsumerOptions) {
    const { config } = options;
    this.consumer = options.client.consumer({
      groupId: options.groupId ?? options.client.config.groupId,
      sessionTimeoutMs: config.sessionTimeoutMs,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      maxBytesPerPartition: config.maxBytesPerPartition,
      maxWaitTimeMs: config.maxWaitTimeMs,
    });
  }

  /** Connects, subscribes and starts the fetch loop; resolves once running. */
  async start(): Promise<void> {
    // kafkajs restarts itself after retriable crashes; one it gives up on must reach the owner.
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.options.logger.error({ err: payload.error, restart: payload.restart }, 'kafka consumer crashed');
      if (!payload.restart && !this.stopping) this.options.onFatal?.(payload.error);
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.config.fromBeginning });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.config.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.track(this.onBatch(payload)),
    });
  }

  /** Graceful stop (SIGTERM): lets the in-flight batch finish and commit, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const lease of this.leases) lease.wake();
    // kafkajs drops commits once its own stop() began, so the in-flight batch must commit first.
    await Promise.allSettled([...this.inFlight]);
    await this.consumer.stop();
    await this.consumer.disconnect();
  }

  private async track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (this.fatal || this.stopping || batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const { topic, partition } = batch;
    const messages = batch.messages.map((m) => toRawMessage(topic, partition, m));
    const first = messages[0];
    const last = messages[messages.length - 1];
    if (!first || !last) return;
    const lease = new Lease(payload);
    const heartbeat = (): Promise<void> => payload.heartbeat();
    const handled = await this.withHeartbeats(lease, () => this.handleInPlace(messages, lease, { topic, partition, heartbeat }, first.offset));
    if (!handled) return;
    this.attempts.delete(`${topic}/${partition}`);
    if (!payload.isRunning() || lease.lost) return;
    payload.resolveOffset(last.offset);
    // The committed offset is the next one to read, hence +1.
    await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(last.offset) + 1n).toString() }]);
    this.stats.commits += 1;
  }

  /**
   * Runs the handler until it succeeds (true), retrying a retriable failure in place after a
   * backoff; false when the batch must go back to kafkajs uncommitted or the failure was permanent.
   */
  private async handleInPlace(messages: RawMessage[], lease: Lease, ctx: { topic: string; partition: number; heartbeat: () => Promise<void> }, firstOffset: string): Promise<boolean> {
    const { topic, partition } = ctx;
    const key = `${topic}/${partition}`;
    const since = Date.now();
    for (;;) {
      try {
        const result = await this.options.handle(messages, ctx);
        this.stats.batches += 1;
        this.stats.messages += messages.length;
        if (result?.deadLettered) this.options.logger.warn({ topic, partition, deadLettered: result.deadLettered }, 'messages dead-lettered');
        return true;
      } catch (error) {
        if (!isRetriable(error)) {
          this.onPermanentFailure(error, topic, partition, firstOffset);
          return false;
        }
        // Retried in place, after a backoff, without handing the batch back to kafkajs: no fetch
        // moves past it meanwhile (backpressure) and there is no pause/seek/resume round trip
        // (kafkajs does not always fetch again after resuming a partition: tulios/kafkajs#1641).
        const attempt = this.attempts.get(key) ?? 0;
        this.attempts.set(key, attempt + 1);
        const delay = backoffDelay(attempt, this.options.config.backoff);
        this.stats.retries += 1;
        this.options.logger.warn({ err: error, topic, partition, offset: firstOffset, attempt, delay }, 'retriable failure; retrying the batch after a backoff');
        if (this.stopping || this.fatal || lease.lost) return false;
        await lease.sleep(delay);
        // Stopping, or the group is rebalancing (kafkajs cannot rejoin while this batch runs): leave it
        // uncommitted; kafkajs fetches it again, here or at its new owner. The same after a while in
        // place, so a long outage never holds a rebalance up past its timeout.
        if (this.stopping || this.fatal || lease.lost || Date.now() - since > IN_PLACE_LIMIT_MS) return false;
      }
    }
  }

  /** Heartbeats on a timer while `work` runs: a slow database must not cost the assignment. */
  private async withHeartbeats<T>(lease: Lease, work: () => Promise<T>): Promise<T> {
    this.leases.add(lease);
    const timer = setInterval(() => lease.beat(this.options.logger), Math.max(100, Math.floor(this.options.config.heartbeatIntervalMs / 2)));
    try {
      return await work();
    } finally {
      clearInterval(timer);
      this.leases.delete(lease);
    }
  }

  private onPermanentFailure(error: unknown, topic: string, partition: number, firstOffset: string): void {
    this.options.logger.error({ err: error, topic, partition, offset: firstOffset }, 'batch handler failed permanently; stopping the consumer');
    this.fatal = true;
    // Nothing may be consumed past the failed batch: pause everything until the owner stops us.
    this.consumer.pause(this.options.topics.map((t) => ({ topic: t })));
    this.consumer.seek({ topic, partition, offset: firstOffset });
    this.options.onFatal?.(error);
  }
}

/** Longest a batch is retried in place before it is handed back to kafkajs (half kafkajs' default rebalance timeout). */
const IN_PLACE_LIMIT_MS = 25_000;

/** kafkajs protocol errors that mean this member no longer holds its partitions as they were. */
const LOST_MEMBERSHIP = new Set(['REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'FENCED_INSTANCE_ID']);

/**
 * One batch's hold on its partition while it is handled and retried: heartbeats, notices when the
 * group rebalances or kafkajs stops running this batch, and wakes the backoff early when it does.
 */
export class Lease {
  lost = false;
  private wakeSleep: (() => void) | null = null;

  constructor(private readonly payload: Pick<EachBatchPayload, 'heartbeat' | 'isRunning'>) {}

  beat(logger: { debug(obj: object, msg: string): void }): void {
    if (!this.payload.isRunning()) return this.lose();
    this.payload.heartbeat().catch((error: unknown) => {
      const type = (error as { type?: unknown }).type;
      if (typeof type === 'string' && LOST_MEMBERSHIP.has(type)) this.lose();
      logger.debug({ err: error }, 'heartbeat failed');
    });
  }

  /** Resolves after `ms`, or at once when the lease is lost or woken (a stop). */
  sleep(ms: number): Promise<void> {
    if (this.lost) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeSleep = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleep = done;
    });
  }

  wake(): void {
    this.wakeSleep?.();
  }

  private lose(): void {
    this.lost = true;
    this.wake();
  }
}
