import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../kafka/kafka-test-kit.js';
import { DLQ_HEADERS } from '../kafka/index.js';
import { serviceTestContext, type ServiceTestContext } from './service-test-kit.js';

const brokers = inject('kafkaBrokers');
const databaseUrl = inject('databaseUrl');
let ctx: ServiceTestContext | undefined;
afterEach(async () => {
  await ctx?.cleanup();
  ctx = undefined;
});

const BASE = Date.UTC(2026, 2, 1, 10, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

/** A steady baseline: three templates, one line every 10 s (40 minutes for 240 lines). */
function plainLines(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const at = iso(BASE + i * 10_000);
    if (i % 3 === 0) return `${at} INFO GET /api/items/${i} returned 200 in ${10 + (i % 7)} ms`;
    if (i % 3 === 1) return `${at} INFO user session ${1000 + i} refreshed token`;
    return `${at} DEBUG cache hit ratio ${(i % 10) / 10} for region eu-west-${i % 3}`;
  });
}

function fluentBitMessages(m: number): string[] {
  return Array.from({ length: m }, (_, i) => JSON.stringify({ date: (BASE + (i * 2 + 1) * 5_000) / 1000, log: `${iso(BASE + (i * 2 + 1) * 5_000)} INFO worker job ${500 + i} finished in ${20 + i} ms`, stream: 'stdout' }));
}

function otlpMessage(records: number): string {
  const logRecords = Array.from({ length: records }, (_, i) => ({
    timeUnixNano: String((BASE + 1000 * i) * 1_000_000),
    severityText: 'INFO',
    body: { stringValue: `checkout completed order ${7000 + i} for customer alice@example.com` },
  }));
  return JSON.stringify({ resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] }, scopeLogs: [{ logRecords }] }] });
}

/** Decodes a `logs-processed` payload. */
function payload(value: Buffer | null): Record<string, unknown> {
  return JSON.parse(value?.toString('utf8') ?? 'null') as Record<string, unknown>;
}

describe('processor service (real broker, real PostgreSQL)', () => {
  it('stores every shipper format exactly, dead-letters garbage, publishes records and a new error template', async () => {
    ctx = await serviceTestContext(brokers, databaseUrl);
    const c = ctx;
    const N = 240;
    const M = 30;
    const OTLP = 3;
    const garbage = [Buffer.from([0xff, 0xfe, 0x00, 0x81]), Buffer.from('{"resourceLogs":[{"scopeLogs":"broken"}]}')];
    await c.produce([...plainLines(N), ...fluentBitMessages(M), otlpMessage(OTLP)].map((value) => ({ value })));
    await c.produce(garbage.map((value) => ({ value, partition: 1 })));
    const service = await c.service();
    await service.start();
    const wave1 = N + M + 1 + garbage.length;
    await c.drained(wave1, service);
    const errors = Array.from({ length: 5 }, (_, i) => `${iso(BASE + (N + i) * 10_000)} ERROR payment gateway refused card for order ${9000 + i}: upstream certificate expired`);
    await c.produce(errors.map((value) => ({ value, partition: 0 })));
    await c.drained(wave1 + errors.length, service);

    const rows = N + M + OTLP + errors.length;
    expect(await c.count('logs')).toBe(rows);
    expect(await c.count('dead_letters')).toBe(2);
    const letters = await c.db.knex('dead_letters').select('stage', 'reason', 'source').orderBy('source');
    expect(letters.map((l: { stage: string }) => l.stage)).toEqual(['decode', 'decode']);
    expect(letters.map((l: { source: string }) => l.source).every((s: string) => s.startsWith(`kafka:${c.client.config.topics.raw}/1:`))).toBe(true);
    expect(await c.count('logs', { service: 'shop' })).toBe(OTLP);
    expect(await c.count('logs')).toBe(rows);
    const [leak] = await c.db.knex('logs').where('message', 'like', '%alice@example.com%').count({ count: '*' });
    expect(Number(leak?.count)).toBe(0);

    const processed = await c.read(c.client.config.topics.processed, rows);
    expect(processed).toHaveLength(rows);
    const bodies = processed.map((m) => payload(m.value));
    expect(new Set(bodies.map((b) => b.key)).size).toBe(rows);
    expect(JSON.stringify(bodies)).not.toContain('alice@example.com');
    const errorTemplate = bodies.find((b) => String(b.message).includes('payment gateway'))?.templateId;
    expect(errorTemplate).toEqual(expect.any(String));

    const dlq = await c.read(c.client.config.topics.dlq, 2);
    expect(dlq.map((m) => m.headers[DLQ_HEADERS.reason]).sort()).toEqual(['message value is not UTF-8 text', 'no log records in the otlp-json payload']);
    expect(dlq.find((m) => m.headers[DLQ_HEADERS.reason] === 'message value is not UTF-8 text')?.value).toEqual(garbage[0]);
    expect(dlq.every((m) => m.headers[DLQ_HEADERS.topic] === c.client.config.topics.raw && m.headers[DLQ_HEADERS.partition] === '1')).toBe(true);

    const anomalies = (await c.read(c.client.config.topics.anomalies, 1)).map((m) => payload(m.value));
    expect(anomalies.some((a) => a.templateId === errorTemplate)).toBe(true);
    expect(await c.count('anomalies', { template_id: errorTemplate })).toBeGreaterThan(0);
    await service.shutdown();
  }, 60_000);

  it('batches of one fetch are stored concurrently but published in input order', async () => {
    // Batches of 25 and one big fetch: up to three transactions in flight at once.
    ctx = await serviceTestContext(brokers, databaseUrl, { AILOG_BATCH_SIZE: '25' });
    const c = ctx;
    const N = 600;
    await c.produce(plainLines(N).map((value) => ({ value, partition: 2 })));
    const service = await c.service(undefined, { maxBytesPerPartition: 1_048_576 });
    await service.start();
    await c.drained(N, service);
    expect(await c.count('logs')).toBe(N);
    const [templates] = await c.db.knex('templates').sum({ total: 'count' });
    expect(Number(templates?.total)).toBe(N);

    const processed = await c.read(c.client.config.topics.processed, N);
    const offsets = new Map<number, number[]>();
    for (const m of processed) {
      const offset = Number(/:(\d+)$/.exec(String(payload(m.value).key))?.[1]);
      offsets.set(m.partition, [...(offsets.get(m.partition) ?? []), offset]);
    }
    // Every output partition holds its lines in source-offset order: the publishing lane kept the
    // batches' order whichever transaction committed first.
    expect([...offsets.values()].flat()).toHaveLength(N);
    for (const list of offsets.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    await service.shutdown();
  }, 60_000);

  it('KAFKA_PUBLISH_PROCESSED=false: rows, findings and dead letters as usual, nothing on logs-processed', async () => {
    ctx = await serviceTestContext(brokers, databaseUrl, { KAFKA_PUBLISH_PROCESSED: 'false' });
    const c = ctx;
    const N = 240;
    const error = `${iso(BASE + N * 10_000)} ERROR payment gateway refused card for order 9000: upstream certificate expired`;
    await c.produce([...plainLines(N), '{"resourceLogs":[{"scopeLogs":"broken"}]}'].map((value) => ({ value, partition: 0 })));
    const service = await c.service();
    await service.start();
    await c.drained(N + 1, service);
    // After the baseline, like the first test: a new error template is a finding.
    await c.produce([{ value: error, partition: 0 }]);
    await c.drained(N + 2, service);
    expect(await c.count('logs')).toBe(N + 1);
    expect(await c.read(c.client.config.topics.dlq, 1)).toHaveLength(1);
    expect((await c.read(c.client.config.topics.anomalies, 1)).length).toBeGreaterThan(0);
    const admin = c.client.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(c.client.config.topics.processed);
    await admin.disconnect();
    expect(ends.map((p) => Number(p.high))).toEqual([0, 0, 0]);
    await service.shutdown();
  }, 60_000);

  it('a restart mid-stream and a replay from offset 0 with a new group leave the row counts unchanged', async () => {
    ctx = await serviceTestContext(brokers, databaseUrl);
    const c = ctx;
    const N = 600;
    await c.produce(plainLines(N).map((value) => ({ value })), 20);
    const small = { maxBytesPerPartition: 2048 };
    const first = await c.service(undefined, small);
    await first.start();
    await waitFor(() => first.stats.consumer.commits >= 3, 'a few commits');
    await first.shutdown();
    const midway = await c.committed();
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(N);
    expect(await c.count('logs')).toBe(midway);

    const second = await c.service(undefined, small);
    await second.start();
    await c.drained(N, second);
    await second.shutdown();
    expect(await c.count('logs')).toBe(N);
    expect(second.stats.records).toBe(N - midway);

    const replayGroup = `${c.client.config.groupId}-replay`;
    const replay = await c.service(replayGroup);
    await replay.start();
    await c.drained(N, replay, replayGroup);
    await replay.shutdown();
    expect(replay.stats.records).toBe(N);
    expect(replay.running.postgres.stats).toMatchObject({ logsWritten: 0, logsSkipped: N });
    expect(await c.count('logs')).toBe(N);
    const [sum] = await c.db.knex('templates').sum({ total: 'count' });
    expect(Number(sum?.total)).toBe(N);
  }, 60_000);

  it('database trouble mid-stream (an insert killed while it waits): the consumer backs off and retries, 0 lost, 0 duplicated', async () => {
    ctx = await serviceTestContext(brokers, databaseUrl);
    const c = ctx;
    const N = 300;
    await c.produce(plainLines(N).map((value) => ({ value })), 20);
    const admin = new pg.Client({ connectionString: c.db.config.databaseUrl });
    await admin.connect();
    try {
      // The lock holds the service's insert in flight; terminating it fails that query (SQLSTATE 57P01).
      await admin.query('begin');
      await admin.query('lock table logs in access exclusive mode');
      const service = await c.service(undefined, { maxBytesPerPartition: 2048 });
      await service.start();
      let killed = 0;
      for (let tries = 0; killed === 0 && tries < 200; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const r = await admin.query<{ n: string }>(
          "select count(pg_terminate_backend(pid)) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'",
        );
        killed = Number(r.rows[0]?.n);
      }
      expect(killed).toBeGreaterThan(0);
      expect(await c.committed()).toBe(0);
      await admin.query('commit');
      await c.drained(N, service);
      expect(service.stats.consumer.retries).toBeGreaterThan(0);
      expect(await c.count('logs')).toBe(N);
      await service.shutdown();
    } finally {
      await admin.end();
    }
  }, 60_000);
});
