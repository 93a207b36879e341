import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../../config.js';
import { silentLogger } from '../../domain/logger.js';
import { FileReceiver } from '../../receivers/index.js';
import { buildPipeline } from '../../runtime/build-pipeline.js';
import { ingest } from '../../runtime/ingest.js';
import { DeadLetterRepository, LogRepository, TemplateRepository, openDatabase } from '../../storage/index.js';
import { openTestDatabase, type TestDatabase } from '../../storage/testing/test-database.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../../..');
const BIN = join(ROOT, 'processor/bin/ailog.js');
/** Shared so the one-off word-vector cache is built once per machine, not per test. */
const EMBEDDING_CACHE = join(ROOT, '.cache/embeddings');

/** Good lines around every kind of bad input the receivers must survive. */
function messyLog(): Buffer {
  const good = (i: number): string =>
    `2026-11-24T10:${String(i % 60).padStart(2, '0')}:00Z INFO api request ${i} served in ${10 + (i % 7)} ms`;
  const parts: Buffer[] = [];
  for (let i = 0; i < 20; i++) parts.push(Buffer.from(`${good(i)}\n`));
  parts.push(Buffer.concat([Buffer.from('2026-11-24T10:20:00Z WARN api odd bytes '), Buffer.from([0xff, 0xfe, 0x0a])])); // invalid UTF-8
  parts.push(Buffer.from('\u0000\u0001\u0002\u0003\u0000\u0000binary\u0000\u0000\u0000\n'));
  parts.push(Buffer.from(`${'x'.repeat(10 * 1024 * 1024)}\n`)); // a 10 MB line
  parts.push(Buffer.from('\n   \n\n'));
  parts.push(Buffer.from('{"level":"error","msg": "truncated json\n'));
  parts.push(Buffer.from('2026-11-24T10:59:00Z ERROR db connection refused to user bob@example.com\n'));
  for (let i = 20; i < 40; i++) parts.push(Buffer.from(`${good(i)}\n`));
  return Buffer.concat(parts);
}

interface Summary {
  linesRead: number;
  events: number;
  logsWritten: number;
  logsAlreadyStored: number;
  deadLetters: number;
}

describe('ailog ingest', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ailog-ingest-'));
    file = join(dir, 'messy.log');
    await writeFile(file, messyLog());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('[pglite] the CLI ingests around bad input, and a second run adds nothing', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, AILOG_DATA_DIR: join(dir, 'data'), AILOG_EMBEDDING_CACHE_DIR: EMBEDDING_CACHE, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const first = JSON.parse((await run(process.execPath, [BIN, 'ingest', file, '--json'], { env, cwd: dir })).stdout) as Summary;
    // 40 good + invalid UTF-8 + broken JSON + the error line; binary and the 10 MB line are dead-lettered.
    expect(first.events).toBe(43);
    expect(first.logsWritten).toBe(43);
    expect(first.deadLetters).toBe(2);
    const second = JSON.parse((await run(process.execPath, [BIN, 'ingest', file, '--json'], { env, cwd: dir })).stdout) as Summary;
    expect(second.logsWritten).toBe(0);
    expect(second.logsAlreadyStored).toBe(43);

    const db = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      expect(await new LogRepository(db.knex).count()).toBe(43);
      expect(await new DeadLetterRepository(db.knex).count()).toBe(2);
      const stored = await db.knex('logs').select('message').where('message', 'like', '%connection refused%');
      expect(stored.map((r: { message: string }) => r.message)).toEqual(['db connection refused to user [EMAIL]']);
    } finally {
      await db.close();
    }
  }, 240_000);

  it('[postgres] the same pipeline into a PostgreSQL server is idempotent too', async () => {
    const test: TestDatabase = await openTestDatabase('postgres', inject('databaseUrl'));
    try {
      const config = parseConfig({ AILOG_EMBEDDING_CACHE_DIR: EMBEDDING_CACHE });
      for (let pass = 0; pass < 2; pass++) {
        const running = await buildPipeline({ config, logger: silentLogger, db: test.db });
        const receiver = new FileReceiver(file, {});
        await ingest(receiver.records(), running, { queueCapacity: 2 });
        await running.close();
        expect(receiver.stats).toMatchObject({ binary: 1, oversize: 1, invalidUtf8: 1, jsonErrors: 1, emptySkipped: 3 });
      }
      expect(await new LogRepository(test.db.knex).count()).toBe(43);
      expect(await new DeadLetterRepository(test.db.knex).count()).toBe(2);
      const templates = await new TemplateRepository(test.db.knex).list({ limit: 100 });
      expect(templates.reduce((sum, t) => sum + Number(t.count), 0)).toBe(43);
    } finally {
      await test.cleanup();
    }
  }, 240_000);
});
