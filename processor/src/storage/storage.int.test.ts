import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TemplateSchema } from '../domain/entities/index.js';
import { migrationsList } from '../migrations/index.js';
import { openDatabase, type Database } from './database.js';
import { ApiKeyRepository, hashApiKey } from './repositories/api-key.repository.js';
import { BudgetRepository } from './repositories/budget.repository.js';
import { ClusterRepository } from './repositories/cluster.repository.js';
import { DeadLetterRepository } from './repositories/dead-letter.repository.js';
import { EmbeddingCacheRepository } from './repositories/embedding-cache.repository.js';
import { LogRepository, type NewLog } from './repositories/log.repository.js';
import { MinerStateRepository } from './repositories/miner-state.repository.js';
import { TemplateRepository } from './repositories/template.repository.js';
import { asDate } from './sql.js';
import { BACKENDS, openTestDatabase, type TestDatabase } from './testing/test-database.js';

const EXPECTED_TABLES = [
  'anomalies', 'api_keys', 'budget_ledger', 'clusters', 'dead_letters', 'embedding_cache',
  'logs', 'miner_state', 'template_aliases', 'templates',
];

function newLog(i: number): NewLog {
  const at = new Date(Date.UTC(2026, 0, 1) + i);
  return {
    idempotencyKey: `bulk:${i}`,
    message: `request ${i} served in <NUM> ms`,
    templateId: `t${i % 10}`,
    parameters: [String(i)],
    service: i % 2 ? 'web' : 'db',
    level: 'INFO',
    timestamp: at,
    observedAt: at,
    traceId: null,
    spanId: null,
    attributes: { n: i },
    redactions: {},
    score: null,
    isAnomaly: false,
    raw: null,
  };
}

describe.each(BACKENDS)('storage on %s', (kind) => {
  let handle: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    handle = await openTestDatabase(kind, inject('databaseUrl'));
    db = handle.db;
  });
  afterAll(async () => {
    await handle?.cleanup();
  });

  it(`[${kind}] migrates up to every table, and a second up() applies nothing`, async () => {
    expect(db.kind).toBe(kind);
    const rows = (await db.knex('information_schema.tables').select('table_name').where('table_schema', 'public')) as Array<{ table_name: string }>;
    const tables = rows.map((r) => r.table_name);
    for (const table of EXPECTED_TABLES) expect(tables).toContain(table);
    expect(await db.orm.getMigrator().up()).toEqual([]);
    expect(await db.orm.getMigrator().getPendingMigrations()).toEqual([]);
  });

  it(`[${kind}] has no drift between the entity schemas and the migrated database`, async () => {
    expect((await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
  });

  it(`[${kind}] maps rows written by repositories back through the ORM entities`, async () => {
    const templates = new TemplateRepository(db.knex);
    const at = new Date('2026-02-01T00:00:00Z');
    await templates.upsertSightings([{ id: 'orm-1', text: 'a <*>', firstSeen: at, lastSeen: at, count: 3, services: ['b', 'a'] }]);
    await templates.setEmbedding('orm-1', [0.5, 0.25]);
    const entity = await db.em().findOneOrFail(TemplateSchema, { id: 'orm-1' });
    expect(entity.services).toEqual(['a', 'b']);
    expect(entity.embedding).toEqual([0.5, 0.25]);
    expect(Number(entity.count)).toBe(3);
    expect(entity.firstSeen.toISOString()).toBe(at.toISOString());
  });

  it(`[${kind}] bulk-inserts 10k logs once; a replay inserts none; full-text search finds them`, async () => {
    const logs = new LogRepository(db.knex);
    const rows = Array.from({ length: 10_000 }, (_, i) => newLog(i));
    expect((await logs.insertMany(rows)).length).toBe(10_000);
    expect((await logs.insertMany(rows)).length).toBe(0);
    expect(await logs.count()).toBe(10_000);
    expect(await logs.count({ templateId: 't3' })).toBe(1_000);
    const hit = await db.knex('logs').count({ count: '*' }).whereRaw("to_tsvector('simple', message) @@ plainto_tsquery('simple', ?)", ['1234']);
    expect(Number(hit[0]?.count)).toBe(1);
    const stored = await logs.getByKey('bulk:7');
    expect(stored?.attributes).toEqual({ n: 7 });
    expect(stored?.parameters).toEqual(['7']);
    expect(stored?.timestamp.toISOString()).toBe(new Date(Date.UTC(2026, 0, 1) + 7).toISOString());
  });

  it(`[${kind}] stores awkward text (quotes, braces, backslashes, NUL, emoji) intact`, async () => {
    const logs = new LogRepository(db.knex);
    const message = 'say "hi" {a,b} \\ back\\slash \'q\' NULL , é 🚀';
    const log = { ...newLog(50_000), message, parameters: ['{x}', '"', 'NULL'], attributes: { 'k"1': 'v\\', n: null }, raw: 'nul\u0000byte' };
    expect((await logs.insertMany([log])).length).toBe(1);
    const stored = await logs.getByKey(log.idempotencyKey);
    expect(stored?.message).toBe(message);
    expect(stored?.parameters).toEqual(['{x}', '"', 'NULL']);
    expect(stored?.attributes).toEqual({ 'k"1': 'v\\', n: null });
    expect(stored?.raw).toBe('nul\uFFFDbyte');
    expect(await logs.count()).toBe(10_001);
  });

  it(`[${kind}] stores lone surrogates, NUL in jsonb keys, NaN scores and far dates in one chunk`, async () => {
    const logs = new LogRepository(db.knex);
    const far = new Date(Date.parse('9999-12-31T23:59:59.999Z') + 1);
    const odd = [
      { ...newLog(60_000), message: 'lone \uD83D surrogate', attributes: { 'k\u0000': 'v\uDC00' } },
      { ...newLog(60_001), score: Number.NaN, timestamp: far, message: 'plain, with \\u0000 as text' },
    ];
    expect((await logs.insertMany(odd)).length).toBe(2);
    const lone = await logs.getByKey('bulk:60000');
    expect(lone?.message).toBe('lone \uFFFD surrogate');
    expect(lone?.attributes).toEqual({ 'k\uFFFD': 'v\uFFFD' });
    const nan = (await db.knex('logs').select('score', 'message', 'timestamp').where('idempotency_key', 'bulk:60001').first()) as
      | { score: number | string; message: string; timestamp: Date | string }
      | undefined;
    expect(Number.isNaN(Number(nan?.score))).toBe(true);
    expect(nan?.message).toBe('plain, with \\u0000 as text');
    expect(asDate(nan?.timestamp ?? '').getTime()).toBe(far.getTime());
  });

  it(`[${kind}] round-trips the miner snapshot and overwrites it`, async () => {
    const miner = new MinerStateRepository(db.knex);
    expect(await miner.load('drain')).toBeNull();
    await miner.save('drain', { version: 1, clusters: [{ id: 'a', tokens: ['x', '<*>'] }] });
    await miner.save('drain', { version: 2, clusters: [] });
    expect((await miner.load('drain'))?.snapshot).toEqual({ version: 2, clusters: [] });
  });

  it(`[${kind}] round-trips embedding vectors as float4 per provider/model`, async () => {
    const cache = new EmbeddingCacheRepository(db.knex);
    await cache.putMany('local', 'glove-100', new Map([['t1', [0.5, -1.25, 0.1]], ['t2', [1, 2, 3]]]));
    await cache.putMany('local', 'glove-100', new Map([['t2', [4, 5, 6]]]));
    const found = await cache.getMany('local', 'glove-100', ['t1', 't2', 'missing']);
    expect([...found.keys()].sort()).toEqual(['t1', 't2']);
    expect(found.get('t1')?.[1]).toBe(-1.25);
    expect(found.get('t1')?.[2]).toBeCloseTo(0.1, 6);
    expect(found.get('t2')).toEqual([4, 5, 6]);
    expect((await cache.getMany('other', 'glove-100', ['t1'])).size).toBe(0);
  });

  it(`[${kind}] stores dead letters once per identical letter`, async () => {
    const letters = new DeadLetterRepository(db.knex);
    const letter = { stage: 'decode' as const, reason: 'invalid JSON', source: 'file:a.log:3', sample: '{"a":' };
    expect(await letters.insertMany([letter, { ...letter, source: 'file:a.log:4' }])).toBe(2);
    expect(await letters.insertMany([letter])).toBe(0);
    expect(await letters.count('decode')).toBe(2);
    expect((await letters.list(1))[0]?.source).toBe('file:a.log:4');
  });

  it(`[${kind}] finds an active API key by hash and not after revocation`, async () => {
    const keys = new ApiKeyRepository(db.knex);
    const created = await keys.create({ name: 'ci', role: 'reader', keyHash: hashApiKey('secret-1') });
    expect((await keys.findActiveByHash(hashApiKey('secret-1')))?.id).toBe(created.id);
    expect(await keys.findActiveByHash(hashApiKey('secret-2'))).toBeNull();
    expect(await keys.revoke(created.id)).toBe(true);
    expect(await keys.findActiveByHash(hashApiKey('secret-1'))).toBeNull();
  });

  it(`[${kind}] sums budget spend per UTC day, preferring actual over estimate`, async () => {
    const budget = new BudgetRepository(db.knex);
    const day = new Date('2026-03-01T10:00:00Z');
    await budget.record({ kind: 'chat', model: 'm', estimatedUsd: 0.5, actualUsd: 0.25, tokens: 100, at: day });
    await budget.record({ kind: 'embedding', model: 'e', estimatedUsd: 0.125, tokens: 10, at: day });
    await budget.record({ kind: 'chat', model: 'm', estimatedUsd: 9, tokens: 1, at: new Date('2026-03-02T00:00:00Z') });
    expect(await budget.spentOn(day)).toBeCloseTo(0.375, 9);
    expect(await budget.spentOn(day, 'chat')).toBeCloseTo(0.25, 9);
  });

  it(`[${kind}] saves a clustering run (re-saving replaces it) and resolves template aliases`, async () => {
    const clusters = new ClusterRepository(db.knex);
    const run = [{ id: 'c0', label: 'auth', representativeTemplateIds: ['t1', 't2'], size: 2, centroid: [0.5, 0.25] }];
    await clusters.saveRun('r1', run);
    await clusters.saveRun('r1', run);
    expect(await clusters.latestRun()).toEqual([{ ...run[0], runId: 'r1' }]);
    await clusters.saveRun('r2', [{ ...run[0]!, size: 5 }]);
    expect((await clusters.latestRun()).map((c) => [c.runId, c.id, c.size])).toEqual([['r2', 'c0', 5]]);

    const templates = new TemplateRepository(db.knex);
    await templates.addAlias('old', 'mid');
    await templates.addAlias('mid', 'new');
    expect(await templates.resolveId('old')).toBe('new');
    expect(await templates.resolveId('unknown')).toBe('unknown');
  });

  it(`[${kind}] a second opener ${kind === 'pglite' ? 'of the same data dir is refused' : 'migrates nothing and sees the data'}`, async () => {
    if (kind === 'pglite') {
      await expect(openDatabase({ dataDir: db.config.dataDir })).rejects.toMatchObject({ code: 'CONFLICT' });
      return;
    }
    const second = await openDatabase({ databaseUrl: db.config.databaseUrl });
    try {
      expect(await second.orm.getMigrator().getPendingMigrations()).toEqual([]);
      expect(await new LogRepository(second.knex).count()).toBe(10_003);
    } finally {
      await second.close();
    }
  });
});

describe('pglite restart', () => {
  it('[pglite] keeps its data and applies no migration when reopened', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ailog-restart-'));
    try {
      const first = await openDatabase({ dataDir });
      await new MinerStateRepository(first.knex).save('drain', { n: 1 });
      await first.close();
      const second = await openDatabase({ dataDir });
      try {
        const executed = await second.orm.getMigrator().getExecutedMigrations();
        expect(executed.map((m) => m.name)).toEqual(migrationsList.map((m) => m.name));
        expect((await new MinerStateRepository(second.knex).load('drain'))?.snapshot).toEqual({ n: 1 });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
