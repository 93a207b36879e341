/* eslint-disable no-console -- a bench prints its table (the lint exemption covers processor/bench only) */
/**
 * API bench: p50/p95 latency of indexed queries through real HTTP on a PostgreSQL server holding
 * `--rows` logs (default 200000).
 *   npx tsx api/src/bench/api.bench.ts [--rows 200000] [--requests 50]
 * PostgreSQL: AILOG_BENCH_DATABASE_URL, else a throwaway cluster from scripts/postgres.sh.
 * Writes bench-results/api.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AnomalyBus, silentLogger, type AnomalyFinding } from '@ailog/processor';
import { AnomalyRepository, LogRepository, TemplateRepository, type NewLog } from '@ailog/processor/storage/index';
import { openTestDatabase } from '@ailog/processor/storage/testing/test-database';
import { ensurePostgres } from '../../../scripts/services/postgres-service.js';
import { buildApi } from '../app.js';
import { ApiKeyService } from '../services/api-key.service.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, requests: { type: 'string', default: '50' } } });
const ROWS = Number(values.rows);
const REQUESTS = Number(values.requests);
const START = Date.UTC(2026, 0, 1);
const WORDS = ['timeout', 'connected', 'refused', 'retry', 'cache', 'miss', 'user', 'login', 'payment', 'queue'];

function newLog(i: number): NewLog {
  const at = new Date(START + i * 100);
  return {
    idempotencyKey: `bench:${i}`,
    message: `${WORDS[i % 10]} ${WORDS[(i * 7) % 10]} request ${i % 977} took ${i % 300} ms`,
    templateId: `t${i % 50}`,
    parameters: [String(i % 977), String(i % 300)],
    service: `svc-${i % 5}`,
    level: i % 100 === 0 ? 'ERROR' : 'INFO',
    timestamp: at,
    observedAt: at,
    traceId: null,
    spanId: null,
    attributes: { host: `h${i % 7}` },
    redactions: {},
    score: (i % 1000) / 1000,
    isAnomaly: i % 500 === 0,
    raw: null,
  };
}

function finding(i: number): AnomalyFinding {
  const at = new Date(START + i * 1000);
  return {
    scope: 'line',
    method: i % 2 ? 'combined' : 'rate_zscore',
    score: (i % 97) / 97,
    isAnomaly: true,
    templateId: `t${i % 50}`,
    service: `svc-${i % 5}`,
    windowStart: at,
    windowEnd: at,
    logKey: `bench:${i * 500}`,
    reasons: ['bench'],
    evidence: { signals: [] },
  };
}

async function seed(knex: ConstructorParameters<typeof LogRepository>[0]): Promise<void> {
  const logs = new LogRepository(knex);
  for (let from = 0; from < ROWS; from += 10_000) {
    await logs.insertMany(Array.from({ length: Math.min(10_000, ROWS - from) }, (_, k) => newLog(from + k)));
  }
  const now = new Date(START);
  await new TemplateRepository(knex).upsertSightings(
    Array.from({ length: 50 }, (_, t) => ({ id: `t${t}`, text: `template ${t} <*>`, firstSeen: now, lastSeen: now, count: ROWS / 50, services: [`svc-${t % 5}`] })),
  );
  await new AnomalyRepository(knex).insertMany(Array.from({ length: Math.floor(ROWS / 500) }, (_, i) => finding(i)));
  await knex.raw('analyze');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const postgres = await ensurePostgres();
const handle = await openTestDatabase('postgres', process.env.AILOG_BENCH_DATABASE_URL ?? postgres.url);
try {
  const t0 = performance.now();
  await seed(handle.db.knex);
  const seedSeconds = (performance.now() - t0) / 1000;
  const key = (await new ApiKeyService(handle.db).create({ name: 'bench', role: 'reader' })).key;
  const api = await buildApi({ config: { port: 0 }, db: handle.db, bus: new AnomalyBus(), logger: silentLogger });
  const { port } = await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const headers = { 'x-api-key': key, 'content-type': 'application/json' };
  const gql = (query: string) => (): Promise<Response> => fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
  const rest = (path: string) => (): Promise<Response> => fetch(`${base}${path}`, { headers });
  const day = new Date(START + (ROWS * 100) / 2).toISOString();
  const hourLater = new Date(START + (ROWS * 100) / 2 + 3_600_000).toISOString();
  const cases: Array<[string, () => Promise<Response>]> = [
    ['rest search fulltext (query=timeout refused, limit 100)', rest('/api/v1/logs/search?query=timeout%20refused&limit=100')],
    ['rest search service+time range (1 h)', rest(`/api/v1/logs/search?service=svc-1&start_time=${day}&end_time=${hourLater}&limit=100`)],
    ['rest search fulltext broad (query=timeout: 10% of rows)', rest('/api/v1/logs/search?query=timeout&limit=100')],
    ['graphql logs service+level (1% of rows), first 50', gql('{ logs(service: "svc-0", level: "ERROR", first: 50) { items { id message } pageInfo { endCursor } } }')],
    ['  same + totalCount', gql('{ logs(service: "svc-0", level: "ERROR", first: 50) { items { id message } pageInfo { totalCount endCursor } } }')],
    ['graphql logs service+level (no match: worst case), first 50', gql('{ logs(service: "svc-2", level: "ERROR", first: 50) { items { id message } pageInfo { endCursor } } }')],
    ['graphql logs cursor page 2, first 50', gql('{ logs(first: 50, after: "CURSOR") { items { id } pageInfo { endCursor } } }')],
    ['graphql anomalies sort SCORE, first 50', gql('{ anomalies(sort: SCORE, first: 50) { items { id score evidence } pageInfo { totalCount } } }')],
    ['graphql templates first 50', gql('{ templates(first: 50) { items { id count anomalyCount } pageInfo { totalCount } } }')],
    ['graphql log(id)', gql('{ log(id: "12345") { id message } }')],
  ];
  const firstPage = (await (await gql('{ logs(first: 50) { pageInfo { endCursor } } }')()).json()) as { data: { logs: { pageInfo: { endCursor: string } } } };
  for (const entry of cases) {
    if (entry[0].includes('cursor')) entry[1] = gql(`{ logs(first: 50, after: "${firstPage.data.logs.pageInfo.endCursor}") { items { id } pageInfo { endCursor } } }`);
  }
  const results: Array<{ case: string; p50: number; p95: number }> = [];
  for (const [name, call] of cases) {
    const first = await call();
    if (!first.ok) throw new Error(`${name}: HTTP ${first.status} ${await first.text()}`);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const res = await call();
      await res.text();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    results.push({ case: name, p50: Number(percentile(times, 50).toFixed(1)), p95: Number(percentile(times, 95).toFixed(1)) });
  }
  await api.close();
  console.log(`api bench: ${ROWS} logs on PostgreSQL (seeded in ${seedSeconds.toFixed(1)} s), ${REQUESTS} sequential requests per case`);
  console.table(results);
  await mkdir('bench-results', { recursive: true });
  await writeFile('bench-results/api.json', JSON.stringify({ rows: ROWS, requests: REQUESTS, seedSeconds, results }, null, 2));
} finally {
  await handle.cleanup();
  await postgres.stop();
}
