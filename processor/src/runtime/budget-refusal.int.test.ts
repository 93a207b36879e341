import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../config.js';
import { silentLogger } from '../domain/logger.js';
import { FakeOpenAiServer } from '../llm/testing/fake-openai-server.js';
import { FileReceiver } from '../receivers/index.js';
import { openTestDatabase, type TestDatabase } from '../storage/testing/test-database.js';
import { buildPipeline } from './build-pipeline.js';
import { ingest } from './ingest.js';

const LINES = [
  ...Array.from({ length: 40 }, (_, i) => `2026-11-24T10:${String(i).padStart(2, '0')}:00Z INFO request ${i} served in ${10 + i} ms`),
  '2026-11-24T10:41:00Z ERROR write failed: No space left on device',
];

describe('a spent daily budget with a paid embedding provider', () => {
  let server: FakeOpenAiServer;
  let test: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    server = await new FakeOpenAiServer().start();
    test = await openTestDatabase('postgres', inject('databaseUrl'));
    dir = await mkdtemp(join(tmpdir(), 'ailog-budget-refusal-'));
  });

  const rows = async (table: string): Promise<number> => Number((await test.db.knex(table).count({ n: '*' }).first())?.n);

  afterAll(async () => {
    await server.stop();
    await test.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('skips the embeddings (retried later) and keeps processing: every line stored, no call made', async () => {
    const file = join(dir, 'app.log');
    await writeFile(file, `${LINES.join('\n')}\n`);
    const config = parseConfig({ EMBEDDING_PROVIDER: 'openai', OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'test', OPENAI_BUDGET: '0' });
    const running = await buildPipeline({ config, logger: silentLogger, db: test.db });
    try {
      const result = await ingest(new FileReceiver(file, {}).records(), running, { queueCapacity: 2 });
      expect(result.totals.records).toBe(LINES.length);
      expect(running.embed.refused).toBeGreaterThan(0);
    } finally {
      await running.close();
    }
    expect(await rows('logs')).toBe(LINES.length);
    expect(server.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(0);
    expect(await rows('embedding_cache')).toBe(0);
  }, 120_000);
});
