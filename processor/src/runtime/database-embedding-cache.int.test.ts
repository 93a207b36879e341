import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EmbeddingCacheRepository } from '../storage/index.js';
import { openTestDatabase, type TestDatabase } from '../storage/testing/test-database.js';
import { DatabaseEmbeddingCache } from './database-embedding-cache.js';

describe('DatabaseEmbeddingCache on PGlite', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase('pglite', inject('databaseUrl'));
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('persists vectors per (template, provider, model) for the next process', async () => {
    const key = { templateId: 't_1', provider: 'glove', model: 'sg-100d' };
    const other = { templateId: 't_1', provider: 'openai', model: 'text-embedding-3-small' };
    await new DatabaseEmbeddingCache(new EmbeddingCacheRepository(test.db.knex)).set([
      { key, vector: Float32Array.of(0.5, -0.25, 1) },
    ]);
    const fresh = new DatabaseEmbeddingCache(new EmbeddingCacheRepository(test.db.knex));
    const [found, missing] = await fresh.get([key, other]);
    expect(Array.from(found ?? [])).toEqual([0.5, -0.25, 1]);
    expect(missing).toBeUndefined();
  });
});
