import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PostgresExporter } from '../../exporters/postgres.exporter.js';
import { emptyBatch } from '../../pipeline/stage.js';
import { makeFinding, makeRecord } from '../testing/fixtures.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { AnomalyQueryRepository } from './anomaly-query.repository.js';
import { ApiKeyIssuerRepository } from './api-key-issuer.repository.js';
import { ApiKeyRepository, hashApiKey } from './api-key.repository.js';
import { LogSearchRepository } from './log-search.repository.js';
import { TemplateStatsRepository } from './template-stats.repository.js';

describe.each(BACKENDS)('API read repositories on %s', (kind) => {
  let handle: TestDatabase;

  beforeAll(async () => {
    handle = await openTestDatabase(kind, inject('databaseUrl'));
    const batch = emptyBatch(Array.from({ length: 30 }, (_, i) => makeRecord(i)));
    batch.anomalies.push(...batch.records.filter((r) => r.isAnomaly).map(makeFinding));
    await PostgresExporter.fromDatabase(handle.db).export(batch);
  });
  afterAll(async () => {
    await handle?.cleanup();
  });

  it(`[${kind}] searches logs by text and filters, newest first, with keyset paging`, async () => {
    const logs = new LogSearchRepository(handle.db.knex);
    expect(await logs.count({ query: 'kind 1' })).toBe(10);
    expect(await logs.count({ service: 'billing', level: 'info' })).toBe(10);
    expect(await logs.count({ from: new Date('2026-01-01T00:00:10Z'), to: new Date('2026-01-01T00:00:20Z') })).toBe(10);
    const page1 = await logs.search({ query: 'thing' }, { limit: 5 });
    const last = page1.at(-1)!;
    const page2 = await logs.search({ query: 'thing' }, { limit: 5, after: last });
    expect(page1.map((l) => l.timestamp.getTime())).toEqual([...page1.map((l) => l.timestamp.getTime())].sort((a, b) => b - a));
    expect(page2[0]!.timestamp.getTime()).toBeLessThan(last.timestamp.getTime());
    expect(await logs.get(page1[0]!.id)).toMatchObject({ id: page1[0]!.id, raw: null });
    expect(await logs.get('not-an-id')).toBeNull();
    const volume = await logs.volume({}, 'minute');
    expect(volume.reduce((sum, p) => sum + p.count, 0)).toBe(30);
  });

  it(`[${kind}] lists anomalies by score or time and counts templates`, async () => {
    const anomalies = new AnomalyQueryRepository(handle.db.knex);
    expect(await anomalies.count({ service: 'web', method: 'combined', minScore: 0.5 })).toBe(10);
    expect(await anomalies.count({ service: 'billing' })).toBe(0);
    const byTime = await anomalies.list({}, { limit: 3, sort: 'time' });
    expect(byTime).toHaveLength(3);
    expect((await anomalies.get(byTime[0]!.id))?.evidence.signals[0]?.detector).toBe('rarity');
    const templates = new TemplateStatsRepository(handle.db.knex);
    const list = await templates.list({ contains: 'KIND 1' }, { limit: 10 });
    expect(list).toEqual([expect.objectContaining({ id: 't1', count: 10, anomalyCount: 10, services: ['web'] })]);
    expect(await templates.storeStats()).toMatchObject({ logs: 30, anomalies: 10, templates: 3, services: 2 });
  });

  it(`[${kind}] issues keys whose hash, not the key, is stored`, async () => {
    const issued = await new ApiKeyIssuerRepository(handle.db.knex).issue({ name: 'ci', role: 'reader' });
    expect(issued.key).toMatch(/^ailog_[A-Za-z0-9_-]{43}$/);
    const found = await new ApiKeyRepository(handle.db.knex).findActiveByHash(hashApiKey(issued.key));
    expect(found?.id).toBe(issued.id);
    const stored: Array<{ key_hash: string }> = await handle.db.knex('api_keys').select('key_hash').where('id', issued.id);
    expect(stored[0]?.key_hash).not.toContain(issued.key);
  });
});
