import { afterEach, describe, expect, inject, it } from 'vitest';
import { AppError, UnavailableError } from '../domain/errors.js';
import { silentLogger } from '../domain/logger.js';
import { BatchConsumer, type BatchHandler } from './batch-consumer.js';
import type { KafkaClient } from './kafka-client.js';
import { fastConsumerConfig, isolatedClient, waitFor } from './kafka-test-kit.js';
import { DLQ_HEADERS, KafkaPublisher } from './producer.js';
import type { RawMessage } from './raw-message.js';
import { ensureTopics } from './topics.js';

const brokers = inject('kafkaBrokers');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function setUp(): Promise<KafkaClient> {
  const client = isolatedClient(brokers);
  const admin = client.admin();
  await admin.connect();
  cleanups.push(async () => {
    await admin.deleteTopics({ topics: Object.values(client.config.topics) }).catch(() => undefined);
    await admin.disconnect();
  });
  await ensureTopics(admin, client.config);
  return client;
}

/** Produces `count` messages to partition 0 of the raw topic, in sends of `perSend` (one record batch each). */
async function produce(client: KafkaClient, count: number, perSend: number): Promise<void> {
  const producer = client.producer();
  await producer.connect();
  for (let i = 0; i < count; i += perSend) {
    const messages = Array.from({ length: Math.min(perSend, count - i) }, (_, j) => ({ value: `line ${i + j}` }));
    await producer.send({ topic: client.config.topics.raw, messages: messages.map((m) => ({ ...m, partition: 0 })) });
  }
  await producer.disconnect();
}

function consumer(client: KafkaClient, handle: BatchHandler, onFatal?: (e: unknown) => void): BatchConsumer {
  const c = new BatchConsumer({ client, topics: [client.config.topics.raw], handle, config: fastConsumerConfig({ maxBytesPerPartition: 256 }), logger: silentLogger, onFatal });
  cleanups.push(() => c.stop());
  return c;
}

async function committed(client: KafkaClient): Promise<number> {
  const admin = client.admin();
  await admin.connect();
  const [topic] = await admin.fetchOffsets({ groupId: client.config.groupId, topics: [client.config.topics.raw] });
  await admin.disconnect();
  return (topic?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

describe('kafka (real broker)', () => {
  it('ensureTopics is idempotent and creates 3 partitions for logs-raw/logs-processed', async () => {
    const client = await setUp();
    const admin = client.admin();
    await admin.connect();
    const again = await ensureTopics(admin, client.config);
    expect(again.created).toEqual([]);
    expect(again.existing).toHaveLength(4);
    const { topics } = await admin.fetchTopicMetadata({ topics: Object.values(client.config.topics) });
    await admin.disconnect();
    const partitions = Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions).toEqual({ [client.config.topics.raw]: 3, [client.config.topics.processed]: 3, [client.config.topics.anomalies]: 1, [client.config.topics.dlq]: 1 });
  });

  it('commits only after the handler resolved: a retriable failure redelivers the same messages', async () => {
    const client = await setUp();
    await produce(client, 12, 4);
    const attempts: string[][] = [];
    const handled = new Set<string>();
    const c = consumer(client, (messages) => {
      attempts.push(messages.map((m) => m.offset));
      if (attempts.length === 1) return Promise.reject(new UnavailableError('database down', 'persist'));
      for (const m of messages) handled.add(m.offset);
      return Promise.resolve({ handled: messages.length });
    });
    await c.start();
    await waitFor(() => handled.size === 12, '12 handled messages');
    await waitFor(() => c.stats.commits >= attempts.length - 1, 'commits');
    expect(attempts[1]?.[0]).toBe(attempts[0]?.[0]);
    expect(c.stats.retries).toBe(1);
    expect(await committed(client)).toBe(12);
  });

  it('a consumer replacing a failed one resumes at the last commit: N produced = N handled', async () => {
    const client = await setUp();
    const n = 30;
    await produce(client, n, 5);
    const handled: string[] = [];
    let failedBatch: string[] = [];
    let fatal: unknown;
    let calls = 0;
    const first = consumer(
      client,
      (messages) => {
        calls += 1;
        if (calls === 3) {
          failedBatch = messages.map((m) => m.offset);
          return Promise.reject(new AppError('bug', { stage: 'persist' }));
        }
        handled.push(...messages.map((m) => m.offset));
        return Promise.resolve();
      },
      (e) => (fatal = e),
    );
    await first.start();
    await waitFor(() => fatal !== undefined, 'the fatal error');
    await first.stop();
    expect(await committed(client)).toBe(handled.length);
    const seen: RawMessage[] = [];
    const second = consumer(client, (messages) => {
      seen.push(...messages);
      return Promise.resolve();
    });
    await second.start();
    await waitFor(() => handled.length + seen.length >= n, 'all messages');
    const all = [...handled, ...seen.map((m) => m.offset)];
    expect(all).toHaveLength(n);
    expect(new Set(all).size).toBe(n);
    // The replacement starts exactly at the batch that was never committed.
    expect(seen[0]?.offset).toBe(failedBatch[0]);
    await waitFor(() => second.stats.commits > 0 && seen.length === n - handled.length, 'commit');
    await second.stop();
    expect(await committed(client)).toBe(n);
  });

  it('a graceful stop finishes and commits the in-flight batch', async () => {
    const client = await setUp();
    await produce(client, 10, 10);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const c = consumer(client, async () => {
      started = true;
      await gate;
    });
    await c.start();
    await waitFor(() => started, 'the batch to start');
    const stopping = c.stop();
    release();
    await stopping;
    expect(await committed(client)).toBe(10);
  });

  it('publishes dead letters with the original bytes and reason headers, and JSON to logs-processed', async () => {
    const client = await setUp();
    const publisher = new KafkaPublisher(client, silentLogger);
    await publisher.connect();
    cleanups.push(() => publisher.disconnect());
    const original: RawMessage = { topic: client.config.topics.raw, partition: 2, offset: '17', key: Buffer.from('k1'), value: Buffer.from([0xff, 0x00, 0x41]), headers: { trace: 'abc' }, timestamp: '0' };
    await publisher.publishDeadLetters([{ message: original, reason: 'message value is not UTF-8 text', stage: 'decode' }]);
    await publisher.publishProcessed([{ key: 'svc', value: { message: 'ok', n: 1 } }]);
    const received: RawMessage[] = [];
    const reader = new BatchConsumer({
      client,
      groupId: `${client.config.groupId}-reader`,
      topics: [client.config.topics.dlq, client.config.topics.processed],
      handle: (messages) => {
        received.push(...messages);
        return Promise.resolve();
      },
      config: fastConsumerConfig(),
      logger: silentLogger,
    });
    cleanups.push(() => reader.stop());
    await reader.start();
    await waitFor(() => received.length === 2, 'two published messages');
    const dead = received.find((m) => m.topic === client.config.topics.dlq);
    expect(dead?.value).toEqual(original.value);
    expect(dead?.key?.toString()).toBe('k1');
    expect(dead?.headers).toMatchObject({
      trace: 'abc',
      [DLQ_HEADERS.reason]: 'message value is not UTF-8 text',
      [DLQ_HEADERS.stage]: 'decode',
      [DLQ_HEADERS.topic]: original.topic,
      [DLQ_HEADERS.partition]: '2',
      [DLQ_HEADERS.offset]: '17',
    });
    const processed = received.find((m) => m.topic === client.config.topics.processed);
    expect(JSON.parse(processed?.value?.toString() ?? 'null')).toEqual({ message: 'ok', n: 1 });
  });
});
