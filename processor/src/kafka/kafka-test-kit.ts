import { randomUUID } from 'node:crypto';
import { silentLogger } from '../domain/logger.js';
import { batchConsumerConfigSchema, type BatchConsumerConfig } from './batch-consumer.js';
import { createKafkaClient, kafkaConfigSchema, type KafkaClient } from './kafka-client.js';

/**
 * Helpers for integration tests on a real broker: every call gets its own topics and group, so
 * tests never see each other's messages or offsets.
 */
export function isolatedClient(brokers: string): KafkaClient {
  const p = `t${randomUUID().slice(0, 8)}`;
  const config = kafkaConfigSchema.parse({
    brokers,
    clientId: p,
    groupId: `${p}-group`,
    topics: { raw: `${p}-logs-raw`, processed: `${p}-logs-processed`, anomalies: `${p}-anomalies`, dlq: `${p}-logs-dlq` },
  });
  return createKafkaClient(config, silentLogger);
}

/** Consumer settings for tests: short waits and backoff, tiny fetches so batches stay small. */
export function fastConsumerConfig(overrides: Partial<BatchConsumerConfig> = {}): BatchConsumerConfig {
  return batchConsumerConfigSchema.parse({
    maxWaitTimeMs: 100,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    backoff: { initialMs: 50, maxMs: 500, jitter: 0 },
    ...overrides,
  });
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
