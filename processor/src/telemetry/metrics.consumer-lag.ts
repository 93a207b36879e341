import { z } from 'zod';
import type { Logger } from '../domain/logger.js';
import { fetchConsumerLag, type KafkaClient, type PartitionLag } from '../kafka/index.js';
import { kafkaConsumerLag } from './metrics.js';

/** How often the lag is read. Default 15 s: one admin round trip per topic, cheap next to a scrape. */
export const consumerLagConfigSchema = z.object({
  intervalMs: z.int().positive().default(15_000),
});
export type ConsumerLagConfig = z.infer<typeof consumerLagConfigSchema>;

/**
 * Reads the consumer group's lag periodically into `ailog_kafka_consumer_lag{topic,partition}`.
 * A failed read is logged and retried at the next tick: lag is advisory, never a reason to stop.
 */
export class ConsumerLagPoller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly fetchLag: () => Promise<PartitionLag[]>,
    private readonly config: ConsumerLagConfig,
    private readonly logger: Logger,
  ) {}

  /** Polls once now, then every `intervalMs`; the timer does not keep the process alive. */
  start(): void {
    if (this.timer !== null) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.config.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a read in flight, so the admin client can be closed after. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One read; overlapping ticks are skipped while a slow read is still running. */
  poll(): Promise<void> {
    this.running ??= this.read().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async read(): Promise<void> {
    try {
      for (const { topic, partition, lag } of await this.fetchLag()) kafkaConsumerLag.set({ topic, partition: String(partition) }, lag);
    } catch (error) {
      this.logger.warn({ err: error }, 'consumer lag read failed; retrying at the next tick');
    }
  }
}

/**
 * Starts lag polling for `topics` of the client's consumer group on its own admin connection
 * (the consumer's connection is busy fetching). Resolves with the stop function. Never rejects:
 * when the admin cannot connect the lag is logged as unavailable and the service runs without it.
 */
export async function startConsumerLagMetrics(
  client: KafkaClient,
  topics: readonly string[],
  config: ConsumerLagConfig,
  logger: Logger,
): Promise<() => Promise<void>> {
  const admin = client.admin();
  try {
    await admin.connect();
  } catch (error) {
    logger.warn({ err: error }, 'consumer lag metrics unavailable: admin connection failed');
    return () => Promise.resolve();
  }
  const poller = new ConsumerLagPoller(() => fetchConsumerLag(admin, client.config.groupId, topics), config, logger);
  poller.start();
  return async () => {
    await poller.stop();
    await admin.disconnect();
  };
}
