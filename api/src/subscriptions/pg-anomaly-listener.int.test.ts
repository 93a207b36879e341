import { AnomalyBus, emptyBatch, silentLogger, type AnomalyFinding } from '@ailog/processor';
import { PostgresExporter } from '@ailog/processor/exporters/postgres.exporter';
import { makeFinding, makeRecord } from '@ailog/processor/storage/testing/fixtures';
import { openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AnomalyFeed } from './anomaly-feed.js';
import { PgAnomalyListener } from './pg-anomaly-listener.js';

let handle: TestDatabase;
let listener: PgAnomalyListener;
const bus = new AnomalyBus();

beforeAll(async () => {
  handle = await openTestDatabase('postgres', inject('databaseUrl'));
  listener = new PgAnomalyListener({ databaseUrl: handle.db.config.databaseUrl ?? '' }, handle.db, bus, silentLogger);
  await listener.start();
});

afterAll(async () => {
  await listener?.close();
  await handle?.cleanup();
});

describe('PgAnomalyListener → AnomalyFeed', () => {
  it('carries the stored status, so muted and dismissed anomalies never reach a subscriber', async () => {
    const iterator = new AnomalyFeed(bus, 10).subscribe({});
    const batch = emptyBatch(Array.from({ length: 9 }, (_, i) => makeRecord(i, 'muted.log')));
    const [muted, dismissed, open] = batch.records.filter((r) => r.isAnomaly).map(makeFinding);
    expect(open).toBeDefined();
    batch.anomalies.push({ ...muted!, status: 'muted' }, { ...dismissed!, status: 'dismissed' }, open!);
    await PostgresExporter.fromDatabase(handle.db).export(batch);

    const first = await Promise.race([iterator.next(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 10_000))]);
    const delivered = first.value as AnomalyFinding;
    expect(delivered.logKey).toBe(open!.logKey);
    expect(delivered.status).toBe('open');
    // all three rows were loaded and published on the bus; the feed held back two
    expect(listener.stats.published).toBe(3);
    await iterator.return?.();
  });
});
