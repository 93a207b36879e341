/**
 * Storage bench: open/migrate time, bulk-insert rows/s (repository and full exporter path) on the
 * PostgreSQL server and embedded PGlite, and PGlite's RSS.
 *   npm run bench:storage -- [--rows 100000] [--batch 1000] [--backends pglite,postgres]
 * PostgreSQL: AILOG_BENCH_DATABASE_URL, else a throwaway cluster from scripts/postgres.sh.
 * Writes bench-results/storage.json.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PostgresExporter } from '../src/exporters/postgres.exporter.js';
import { emptyBatch } from '../src/pipeline/stage.js';
import { openDatabase, type Database } from '../src/storage/database.js';
import { LogRepository, type NewLog } from '../src/storage/repositories/log.repository.js';
import { makeRecord } from '../src/storage/testing/fixtures.js';
import { openTestDatabase } from '../src/storage/testing/test-database.js';
import { ensurePostgres } from '../../scripts/services/postgres-service.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    backends: { type: 'string', default: 'pglite,postgres' },
  },
});
const ROWS = Number(values.rows);
const BATCH = Number(values.batch);

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

function newLog(i: number): NewLog {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 10);
  return {
    idempotencyKey: `bench:${i}`,
    message: `GET /api/v1/items/${i % 977} 200 in <NUM> ms from <IP>`,
    templateId: `t${i % 50}`,
    parameters: [String(i % 977), '<NUM>', '<IP>'],
    service: `svc-${i % 5}`,
    level: i % 100 === 0 ? 'ERROR' : 'INFO',
    timestamp: at,
    observedAt: at,
    traceId: null,
    spanId: null,
    attributes: { host: `h${i % 7}`, pod: `p-${i % 13}` },
    redactions: { IP: 1 },
    score: 0.1,
    isAnomaly: false,
    raw: null,
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await fn();
  return [out, (performance.now() - start) / 1000];
}

async function insertRate(db: Database): Promise<number> {
  const logs = new LogRepository(db.knex, db.config.insertChunkSize);
  const [, seconds] = await timed(async () => {
    for (let from = 0; from < ROWS; from += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, ROWS - from) }, (_, k) => newLog(from + k));
      await db.knex.transaction(async (trx) => {
        await new LogRepository(trx, db.config.insertChunkSize).insertMany(rows);
      });
    }
  });
  if ((await logs.count()) !== ROWS) throw new Error('row count mismatch');
  return ROWS / seconds;
}

async function exporterRate(db: Database): Promise<number> {
  const exporter = PostgresExporter.fromDatabase(db);
  const [, seconds] = await timed(async () => {
    for (let from = 0; from < ROWS; from += BATCH) {
      const records = Array.from({ length: Math.min(BATCH, ROWS - from) }, (_, k) => makeRecord(from + k, 'bench.log'));
      await exporter.export(emptyBatch(records));
    }
  });
  return ROWS / seconds;
}

interface Result {
  backend: string;
  openMigrateS: number;
  reopenS: number;
  insertRowsPerS: number;
  exporterRowsPerS: number;
  rssMb?: number;
}

async function benchPglite(): Promise<Result> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ailog-bench-pglite-'));
  try {
    const [db, openS] = await timed(() => openDatabase({ dataDir }));
    const insert = await insertRate(db);
    const exporter = await exporterRate(db);
    await db.close();
    const [again, reopenS] = await timed(() => openDatabase({ dataDir }));
    const rss = process.memoryUsage().rss;
    await again.close();
    return { backend: 'pglite', openMigrateS: openS, reopenS, insertRowsPerS: insert, exporterRowsPerS: exporter, rssMb: mb(rss) };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(serverUrl: string): Promise<Result> {
  const [handle, openS] = await timed(() => openTestDatabase('postgres', serverUrl));
  try {
    const insert = await insertRate(handle.db);
    const exporter = await exporterRate(handle.db);
    const [again, reopenS] = await timed(() => openDatabase({ databaseUrl: handle.db.config.databaseUrl }));
    await again.close();
    return { backend: 'postgres', openMigrateS: openS, reopenS, insertRowsPerS: insert, exporterRowsPerS: exporter };
  } finally {
    await handle.cleanup();
  }
}

async function main(): Promise<void> {
  const backends = values.backends.split(',');
  const baselineRss = mb(process.memoryUsage().rss);
  const results: Result[] = [];
  if (backends.includes('pglite')) results.push(await benchPglite());
  if (backends.includes('postgres')) {
    const given = process.env.AILOG_BENCH_DATABASE_URL;
    if (given) process.env.AILOG_TEST_DATABASE_URL = given;
    const server = await ensurePostgres();
    try {
      results.push(await benchPostgres(server.url));
    } finally {
      await server.stop();
    }
  }
  console.log(`rows=${ROWS} batch=${BATCH} node baseline RSS=${baselineRss} MB`);
  console.table(
    results.map((r) => ({
      backend: r.backend,
      'open+migrate s': r.openMigrateS.toFixed(2),
      'reopen s': r.reopenS.toFixed(2),
      'insert rows/s': Math.round(r.insertRowsPerS),
      'exporter rows/s': Math.round(r.exporterRowsPerS),
      'RSS MB': r.rssMb ?? '',
    })),
  );
  await mkdir('bench-results', { recursive: true });
  const out = { at: new Date().toISOString(), rows: ROWS, batch: BATCH, baselineRssMb: baselineRss, results };
  await writeFile('bench-results/storage.json', `${JSON.stringify(out, null, 2)}\n`);
  console.log('wrote bench-results/storage.json');
}

await main();
