import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AnomalyFinding } from '../domain/anomaly.js';
import { emptyBatch, type Batch } from '../pipeline/stage.js';
import type { Database } from '../storage/database.js';
import { AnomalyRepository } from '../storage/repositories/anomaly.repository.js';
import { DeadLetterRepository } from '../storage/repositories/dead-letter.repository.js';
import { LogRepository } from '../storage/repositories/log.repository.js';
import { TemplateRepository } from '../storage/repositories/template.repository.js';
import { makeFinding, makeRecord } from '../storage/testing/fixtures.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../storage/testing/test-database.js';
import { PostgresExporter } from './postgres.exporter.js';

function batchOf(from: number, to: number, stream: string): Batch {
  const batch = emptyBatch(Array.from({ length: to - from }, (_, i) => makeRecord(from + i, stream)));
  batch.anomalies.push(...batch.records.filter((r) => r.isAnomaly).map(makeFinding));
  batch.deadLetters.push({ stage: 'decode', reason: 'invalid JSON', source: `file:${stream}:999`, sample: '{"x":' });
  return batch;
}

async function tableCounts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['logs', 'templates', 'anomalies', 'dead_letters']) {
    const [row] = await db.knex(table).count({ count: '*' });
    out[table] = Number(row?.count);
  }
  return out;
}

describe.each(BACKENDS)('PostgresExporter on %s', (kind) => {
  let handle: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    handle = await openTestDatabase(kind, inject('databaseUrl'));
    db = handle.db;
  });
  afterAll(async () => {
    await handle?.cleanup();
  });

  it(`[${kind}] exporting the same batch twice creates no duplicates and does not inflate template counts`, async () => {
    const exporter = PostgresExporter.fromDatabase(db);
    await exporter.export(batchOf(0, 30, 'replay.log'));
    const first = await tableCounts(db);
    await exporter.export(batchOf(0, 30, 'replay.log'));
    expect(await tableCounts(db)).toEqual(first);
    expect(first).toEqual({ logs: 30, templates: 3, anomalies: 10, dead_letters: 1 });
    const t1 = await new TemplateRepository(db.knex).get('t1');
    expect(t1?.count).toBe(10);
    expect(t1?.firstSeen.toISOString()).toBe('2026-01-01T00:00:01.000Z');
    expect(t1?.lastSeen.toISOString()).toBe('2026-01-01T00:00:28.000Z');
    expect(exporter.stats).toMatchObject({ batches: 2, logsWritten: 30, logsSkipped: 30, anomaliesWritten: 10 });
  });

  it(`[${kind}] an overlapping replay only counts the new lines; services are merged`, async () => {
    const exporter = PostgresExporter.fromDatabase(db);
    await exporter.export(batchOf(0, 9, 'overlap.log'));
    await exporter.export(batchOf(6, 15, 'overlap.log'));
    const logs = new LogRepository(db.knex);
    expect(await logs.count()).toBe(30 + 15);
    const templates = new TemplateRepository(db.knex);
    const counts = await Promise.all(['t0', 't1', 't2'].map(async (id) => (await templates.get(id))?.count));
    expect(counts).toEqual([15, 15, 15]);
    expect((await templates.get('t2'))?.services).toEqual(['billing']);
  });

  it(`[${kind}] records template aliases from the batch, idempotently`, async () => {
    const batch = emptyBatch([makeRecord(1, 'alias.log')]);
    batch.templateAliases = [{ from: 'old-a', to: 't1' }, { from: 'old-b', to: 'old-a' }, { from: 'old-b', to: 't1' }];
    const exporter = PostgresExporter.fromDatabase(db);
    await exporter.export(batch);
    await exporter.export(batch);
    const templates = new TemplateRepository(db.knex);
    expect(await templates.resolveId('old-a')).toBe('t1');
    expect(await templates.resolveId('old-b')).toBe('t1');
    const [row] = await db.knex('template_aliases').count({ count: '*' });
    expect(Number(row?.count)).toBe(2);
  });

  it(`[${kind}] links line anomalies to their log row and trace`, async () => {
    const [anomaly] = await new AnomalyRepository(db.knex).list({ limit: 1 });
    expect(anomaly?.logKey).toBeTruthy();
    const log = await new LogRepository(db.knex).getByKey(anomaly?.logKey ?? '');
    expect(anomaly?.logId).toBe(log?.id);
    expect(anomaly?.traceId).toBe(log?.traceId);
    expect(anomaly?.evidence.signals[0]?.detector).toBe('rarity');
  });

  it(`[${kind}] concurrent exports sharing templates, aliases and anomalies in opposite orders all commit, counts add up`, async () => {
    // Six transactions at once (PGlite queues them on its one connection), each naming the same
    // shared rows in its own order: without key-ordered writes two of them can deadlock.
    const exporter = PostgresExporter.fromDatabase(db);
    const batches = Array.from({ length: 6 }, (_, k) => {
      const batch = batchOf(k * 40, k * 40 + 40, 'concurrent.log');
      // Window findings every batch carries (the same dedup keys), plus the batch's own line findings.
      const windows = [0, 1, 2].map((w): AnomalyFinding => ({
        scope: 'window',
        method: 'rate',
        score: 0.8,
        isAnomaly: true,
        templateId: `t${w}`,
        service: 'web',
        windowStart: new Date(Date.UTC(2026, 0, 2, w)),
        windowEnd: new Date(Date.UTC(2026, 0, 2, w + 1)),
        reasons: ['rate spike'],
        evidence: { signals: [] },
      }));
      batch.anomalies.push(...windows);
      if (k % 2 === 1) {
        batch.records.reverse();
        batch.anomalies.reverse();
      }
      const shared = [{ from: 'conc-a', to: 't0' }, { from: 'conc-b', to: 't1' }, { from: 'conc-c', to: 't2' }];
      batch.templateAliases = k % 2 === 1 ? shared.reverse() : shared;
      return batch;
    });
    const before = await Promise.all(['t0', 't1', 't2'].map(async (id) => (await new TemplateRepository(db.knex).get(id))?.count ?? 0));
    await Promise.all(batches.map((b) => exporter.export(b)));
    const templates = new TemplateRepository(db.knex);
    const after = await Promise.all(['t0', 't1', 't2'].map(async (id) => (await templates.get(id))?.count ?? 0));
    expect(after.map((n, i) => n - (before[i] ?? 0))).toEqual([80, 80, 80]);
    expect(exporter.stats).toMatchObject({ batches: 6, logsWritten: 240, logsSkipped: 0, anomaliesWritten: 80 + 3 });
    expect(await new LogRepository(db.knex).count()).toBeGreaterThanOrEqual(240);
    expect(await templates.resolveId('conc-b')).toBe('t1');
  });

  it(`[${kind}] stores the raw line only when storeRaw is on`, async () => {
    await PostgresExporter.fromDatabase(db).export(emptyBatch([makeRecord(1, 'noraw.log')]));
    await new PostgresExporter(db.knex, { storeRaw: true }).export(emptyBatch([makeRecord(1, 'raw.log')]));
    const logs = new LogRepository(db.knex);
    const plain = await logs.getByKey('file:noraw.log:1');
    const raw = await logs.getByKey('file:raw.log:1');
    expect(plain?.raw).toBeNull();
    expect(plain?.message).not.toContain('alice@example.com');
    expect(raw?.raw).toContain('alice@example.com');
  });

  it(`[${kind}] dead-letters a record that was never redacted instead of storing it`, async () => {
    const record = { ...makeRecord(5, 'unredacted.log'), redactedMessage: undefined };
    const exporter = PostgresExporter.fromDatabase(db);
    await exporter.export(emptyBatch([record]));
    expect(await new LogRepository(db.knex).getByKey('file:unredacted.log:5')).toBeNull();
    expect(exporter.stats.notRedacted).toBe(1);
    expect(await new DeadLetterRepository(db.knex).count('persist')).toBe(1);
  });
});
