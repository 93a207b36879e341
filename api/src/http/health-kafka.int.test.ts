import { randomUUID } from 'node:crypto';
import { parseConfig, silentLogger, type Config } from '@ailog/processor';
import { createKafkaClient, ensureTopics } from '@ailog/processor/kafka/index';
import { kafkaConfigFrom } from '@ailog/processor/service/index';
import { openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHostedApi, type HostedApiInstance } from '../hosted-api.js';

/** `/health/kafka` through real HTTP against the real test broker, with topics and a group of its own. */
let handle: TestDatabase;
const hosted: HostedApiInstance[] = [];

beforeAll(async () => {
  handle = await openTestDatabase('postgres', inject('databaseUrl'));
});
afterAll(async () => {
  for (const h of hosted) await h.close();
  await handle?.cleanup();
});

async function serve(env: Record<string, string>): Promise<HostedApiInstance> {
  const h = await startHostedApi({ config: parseConfig({ API_PORT: '0', ...env }), db: handle.db, logger: silentLogger });
  hosted.push(h);
  return h;
}

async function health(h: HostedApiInstance): Promise<{ status: number; body: Record<string, unknown> }> {
  // Connection: close, or closing the api waits out the keep-alive grace period.
  const res = await fetch(`${h.url}/health/kafka`, { headers: { Connection: 'close' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Asks until the status is `want` (topic metadata reaches every broker view a little after creation). */
async function healthUntil(h: HostedApiInstance, want: number, timeoutMs = 15_000): Promise<{ status: number; body: Record<string, unknown> }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await health(h);
    if (answer.status === want || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function isolatedEnv(brokers: string): Record<string, string> {
  const p = `h${randomUUID().slice(0, 8)}`;
  return {
    KAFKA_BOOTSTRAP_SERVERS: brokers,
    KAFKA_GROUP_ID: `${p}-group`,
    KAFKA_TOPIC_RAW: `${p}-logs-raw`,
    KAFKA_TOPIC_PROCESSED: `${p}-logs-processed`,
    KAFKA_TOPIC_ANOMALIES: `${p}-anomalies`,
    KAFKA_TOPIC_DLQ: `${p}-logs-dlq`,
  };
}

describe('GET /health/kafka', () => {
  it('says disabled, with 200 and no key, when Kafka is not configured', async () => {
    const h = await serve({});
    expect(await health(h)).toEqual({ status: 200, body: { status: 'disabled' } });
  });

  it('is 503 naming the missing topics, then 200 with the group lag per partition', async () => {
    const env = isolatedEnv(inject('kafkaBrokers'));
    const h = await serve(env);
    const before = await health(h);
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({ status: 'down', reason: expect.stringContaining(env.KAFKA_TOPIC_RAW!) });

    const config: Config = parseConfig(env);
    const client = createKafkaClient(kafkaConfigFrom(config), silentLogger);
    const admin = client.admin();
    const producer = client.producer();
    await admin.connect();
    await producer.connect();
    try {
      await ensureTopics(admin, client.config);
      const raw = env.KAFKA_TOPIC_RAW!;
      await producer.send({ topic: raw, messages: Array.from({ length: 4 }, (_, i) => ({ partition: 0, value: `line ${i}` })) });
      await producer.send({ topic: raw, messages: [{ partition: 1, value: 'other' }] });

      const fresh = await healthUntil(h, 200);
      expect(fresh.status).toBe(200);
      expect(fresh.body).toMatchObject({ status: 'up', brokers: [inject('kafkaBrokers')] });
      expect((fresh.body.topics as Record<string, unknown>)[raw]).toEqual({ present: true, partitions: 3 });
      // A group that never committed has the whole backlog pending.
      expect(fresh.body.consumerGroup).toMatchObject({ groupId: env.KAFKA_GROUP_ID, totalLag: 5 });

      await admin.setOffsets({ groupId: env.KAFKA_GROUP_ID!, topic: raw, partitions: [{ partition: 0, offset: '3' }] });
      const after = await health(h);
      const lag = (after.body.consumerGroup as { partitions: Array<{ partition: number; committed: number; end: number; lag: number }> }).partitions;
      expect(lag.find((p) => p.partition === 0)).toEqual({ topic: raw, partition: 0, committed: 3, end: 4, lag: 1 });
      expect(lag.find((p) => p.partition === 1)).toMatchObject({ committed: -1, lag: 1 });
      expect(after.body.consumerGroup).toMatchObject({ totalLag: 2 });
    } finally {
      await producer.disconnect();
      await admin.deleteTopics({ topics: Object.values(client.config.topics) }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it('is 503 with a reason, within the probe deadline, when no broker answers', async () => {
    const h = await serve({ ...isolatedEnv('127.0.0.1:1') });
    const started = Date.now();
    const res = await health(h);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'down', reason: expect.stringMatching(/^brokers unreachable/), topics: {} });
    expect(Date.now() - started).toBeLessThan(8000);
  });
});
