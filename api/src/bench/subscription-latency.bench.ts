/* eslint-disable no-console -- a bench prints its table (the lint exemption covers processor/bench only) */
/**
 * Cross-replica subscription latency: a writer commits one anomaly per batch through the
 * PostgreSQL exporter; two api replicas (own pools and LISTEN connections) deliver it to a
 * graphql-ws subscriber each. Reports p50/p95/max from before the commit to receipt.
 *   AILOG_BENCH_DATABASE_URL=postgres://… npx tsx api/src/bench/subscription-latency.bench.ts [--events 200]
 * Writes bench-results/subscription-latency.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { emptyBatch, parseConfig, silentLogger } from '@ailog/processor';
import { PostgresExporter } from '@ailog/processor/exporters/postgres.exporter';
import { openDatabase } from '@ailog/processor/storage/index';
import { makeFinding, makeRecord } from '@ailog/processor/storage/testing/fixtures';
import { openTestDatabase } from '@ailog/processor/storage/testing/test-database';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startHostedApi } from '../hosted-api.js';
import { ApiKeyService } from '../services/api-key.service.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200' } } });
const EVENTS = Number(values.events);
const serverUrl = process.env.AILOG_BENCH_DATABASE_URL;
if (!serverUrl) throw new Error('set AILOG_BENCH_DATABASE_URL to a PostgreSQL server');

const handle = await openTestDatabase('postgres', serverUrl);
const url = handle.db.config.databaseUrl ?? '';
const dbs = [handle.db, await openDatabase({ databaseUrl: url, migrate: false })];
const writer = await openDatabase({ databaseUrl: url, migrate: false });
const key = (await new ApiKeyService(handle.db).create({ name: 'bench', role: 'reader' })).key;
const config = parseConfig({ DATABASE_URL: url, API_PORT: '0' });
const replicas = await Promise.all(dbs.map((db) => startHostedApi({ config, db, logger: silentLogger })));

const sentAt = new Map<string, number>();
const latencies: number[][] = replicas.map(() => []);
const clients = replicas.map((replica, r) => {
  const client = createClient({ url: `${replica.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { apiKey: key } });
  client.subscribe(
    { query: 'subscription { anomalyDetected { logKey } }' },
    {
      next: (msg) => {
        const logKey = (msg.data?.anomalyDetected as { logKey: string }).logKey;
        latencies[r]!.push(performance.now() - (sentAt.get(logKey) ?? NaN));
      },
      error: (e) => console.error(e),
      complete: () => undefined,
    },
  );
  return client;
});
while (!replicas.every((r) => r.bus.listenerCount === 1)) await new Promise((r) => setTimeout(r, 20));

const exporter = PostgresExporter.fromDatabase(writer);
for (let i = 0; i < EVENTS; i++) {
  // Line 3i+1 is the anomalous template of the fixtures: one anomaly per committed batch.
  const record = makeRecord(3 * i + 1, 'bench.log');
  const batch = emptyBatch([record]);
  batch.anomalies.push(makeFinding(record));
  sentAt.set(record.key, performance.now());
  await exporter.export(batch);
  await new Promise((r) => setTimeout(r, 5));
}
const deadline = Date.now() + 10_000;
while (latencies.some((l) => l.length < EVENTS) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const rows = latencies.map((l, r) => ({ replica: r, received: l.length, p50Ms: +pct(l, 50).toFixed(2), p95Ms: +pct(l, 95).toFixed(2), maxMs: +Math.max(...l).toFixed(2) }));
console.table(rows);
await mkdir('bench-results', { recursive: true });
await writeFile('bench-results/subscription-latency.json', JSON.stringify({ events: EVENTS, replicas: rows }, null, 2));

for (const client of clients) await client.dispose();
for (const replica of replicas) await replica.close();
await writer.close();
await dbs[1]?.close();
await handle.cleanup();
