/**
 * Semantic search SQL at scale: `npx tsx processor/bench/semantic-search.bench.ts [--rows 1000000]`
 * on a fresh database of the PostgreSQL server in AILOG_BENCH_DATABASE_URL (dropped afterwards).
 * 50 templates share the rows evenly; a "search" matches k of them (what the vector store returns)
 * and asks for one page of 100 lines with the exact total (`page`, as REST does), the total alone, and
 * the first page without a total (GraphQL without `totalCount`). Writes bench-results/semantic-search.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LogRepository, type NewLog } from '../src/storage/index.js';
import { SemanticLogRepository } from '../src/storage/repositories/semantic-log.repository.js';
import { openTestDatabase } from '../src/storage/testing/test-database.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, requests: { type: 'string', default: '20' } } });
const ROWS = Number(values.rows);
const REQUESTS = Number(values.requests);
const url = process.env.AILOG_BENCH_DATABASE_URL;
if (!url) throw new Error('set AILOG_BENCH_DATABASE_URL to a PostgreSQL server');
const START = Date.UTC(2026, 0, 1);

function newLog(i: number): NewLog {
  const at = new Date(START + i * 100);
  return {
    idempotencyKey: `bench:${i}`,
    message: `event ${i % 977} took ${i % 300} ms`,
    templateId: `t${i % 50}`,
    parameters: [],
    service: `svc-${i % 5}`,
    level: i % 100 === 0 ? 'ERROR' : 'INFO',
    timestamp: at,
    observedAt: at,
    traceId: null,
    spanId: null,
    attributes: {},
    redactions: {},
    score: null,
    isAnomaly: i % 500 === 0,
    raw: null,
  };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
}

const handle = await openTestDatabase('postgres', url);
try {
  const logs = new LogRepository(handle.db.knex);
  const t0 = performance.now();
  for (let from = 0; from < ROWS; from += 10_000) {
    await logs.insertMany(Array.from({ length: Math.min(10_000, ROWS - from) }, (_, k) => newLog(from + k)));
  }
  await handle.db.knex.raw('analyze logs');
  const seedS = (performance.now() - t0) / 1000;
  const repo = new SemanticLogRepository(handle.db.knex);
  const rows: Array<Record<string, string | number>> = [];
  const cases: Array<[string, string[], Record<string, unknown>]> = [
    ['1 template (2% of rows)', ['t7'], {}],
    ['5 templates (10% of rows)', ['t3', 't9', 't1', 't20', 't44'], {}],
    ['20 templates (40% of rows)', Array.from({ length: 20 }, (_, i) => `t${i * 2}`), {}],
    ['5 templates + service + anomaly filter', ['t3', 't9', 't1', 't20', 't44'], { service: 'svc-3', isAnomaly: true }],
  ];
  for (const [name, ids, filter] of cases) {
    const page: number[] = [];
    const total: number[] = [];
    const first: number[] = [];
    for (let r = 0; r < REQUESTS; r++) {
      let t = performance.now();
      await repo.page(ids, filter, { limit: 101, offset: r % 2 === 0 ? 0 : 100 });
      page.push(performance.now() - t);
      t = performance.now();
      await repo.count(ids, filter);
      total.push(performance.now() - t);
      t = performance.now();
      await repo.page(ids, filter, { limit: 101, withTotal: false });
      first.push(performance.now() - t);
    }
    // Server-side execution time of one template's page query, less exposed to client scheduling on a loaded machine.
    const explain: { rows: Array<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }> } = await handle.db.knex.raw(
      `explain (analyze, format json) ${repo.pageSql(ids[0] as string, filter, { limit: 101 })}`,
    );
    const serverMs = explain.rows[0]?.['QUERY PLAN'][0]?.['Execution Time'] ?? Number.NaN;
    rows.push({ case: name, first_template_page_server_ms: Math.round(serverMs), page_and_total_p50_ms: Math.round(percentile(page, 0.5)), page_and_total_p95_ms: Math.round(percentile(page, 0.95)), total_p50_ms: Math.round(percentile(total, 0.5)), total_p95_ms: Math.round(percentile(total, 0.95)), first_page_no_total_p50_ms: Math.round(percentile(first, 0.5)), first_page_no_total_p95_ms: Math.round(percentile(first, 0.95)) });
  }
  console.log(`seeded ${ROWS} rows in ${seedS.toFixed(0)} s`);
  console.table(rows);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/semantic-search.json', JSON.stringify({ at: new Date().toISOString(), rows: ROWS, requests: REQUESTS, results: rows }, null, 2));
} finally {
  await handle.cleanup();
}
