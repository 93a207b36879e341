import type { EmbeddingProvider } from '@ailog/processor/embeddings/index';
import { createRedactor } from '@ailog/processor/runtime/create-redactor';
import { parseConfig } from '@ailog/processor';
import { openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SemanticSearchService } from './semantic-search.service.js';

/** A provider standing in for a paid third party: it records exactly what would leave the process. */
class RecordingProvider implements EmbeddingProvider {
  readonly name = 'recording';
  readonly model = 'fixed-2d';
  readonly dimensions = 2;
  readonly received: string[] = [];
  embed(texts: string[]): Promise<Float32Array[]> {
    this.received.push(...texts);
    return Promise.resolve(texts.map(() => Float32Array.of(1, 0)));
  }
}

describe('semantic search query text', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase('postgres', inject('databaseUrl'));
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('is redacted before it reaches the embedding provider, with the configured allow-list', async () => {
    const provider = new RecordingProvider();
    const redactor = createRedactor(parseConfig({ AILOG_REDACT_ALLOW_IPS: '10.0.0.0/8' }));
    const service = new SemanticSearchService({ db: test.db, provider, redact: (text) => redactor.redact(text).text });
    await service.search({ text: 'login failures for alice@example.com from 203.0.113.9 via 10.1.2.3', limit: 10 });
    expect(provider.received).toHaveLength(1);
    const [sent] = provider.received;
    expect(sent).toContain('login failures for');
    expect(sent).not.toContain('alice@example.com');
    expect(sent).not.toContain('203.0.113.9');
    expect(sent).toContain('10.1.2.3');
  });
});
