import { emptyBatch, parseConfig, silentLogger } from '@ailog/processor';
import { PostgresExporter } from '@ailog/processor/exporters/postgres.exporter';
import { openDatabase, type Database } from '@ailog/processor/storage/index';
import { makeFinding, makeRecord } from '@ailog/processor/storage/testing/fixtures';
import { openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { startHostedApi, type HostedApiInstance } from '../hosted-api.js';
import { ApiKeyService } from '../services/api-key.service.js';

/**
 * Two api replicas (each its own pool and LISTEN connection) on one real PostgreSQL server, and
 * a third component — the pipeline's persistence stage on a pool of its own — storing logs.
 * Both replicas' graphql-ws subscribers must receive every anomaly it stores.
 */
let handle: TestDatabase;
let writerDb: Database;
let replicaDb: Database;
const replicas: HostedApiInstance[] = [];
const clients: Client[] = [];
let key: string;

const SUBSCRIPTION = 'subscription { anomalyDetected { service score logKey reasons } }';

async function waitFor(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  handle = await openTestDatabase('postgres', inject('databaseUrl'));
  const databaseUrl = handle.db.config.databaseUrl ?? '';
  replicaDb = await openDatabase({ databaseUrl, migrate: false });
  writerDb = await openDatabase({ databaseUrl, migrate: false });
  key = (await new ApiKeyService(handle.db).create({ name: 'cross-replica', role: 'reader' })).key;
  const config = parseConfig({ DATABASE_URL: databaseUrl, API_PORT: '0' });
  for (const db of [handle.db, replicaDb]) replicas.push(await startHostedApi({ config, db, logger: silentLogger }));
});

afterAll(async () => {
  for (const client of clients) await client.dispose();
  for (const replica of replicas) await replica.close();
  await writerDb?.close();
  await replicaDb?.close();
  await handle?.cleanup();
});

function subscribe(replica: HostedApiInstance, into: Array<Record<string, unknown>>): void {
  const client = createClient({ url: `${replica.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { apiKey: key }, retryAttempts: 0 });
  clients.push(client);
  client.subscribe(
    { query: SUBSCRIPTION },
    { next: (msg) => into.push(msg.data?.anomalyDetected as Record<string, unknown>), error: (e) => into.push({ error: String(e) }), complete: () => undefined },
  );
}

/** Stores `count` fixture lines from `first` through the pipeline's PostgreSQL exporter; every third is anomalous. */
async function ingest(first: number, count: number, stream: string): Promise<string[]> {
  const batch = emptyBatch(Array.from({ length: count }, (_, i) => makeRecord(first + i, stream)));
  const findings = batch.records.filter((r) => r.isAnomaly).map(makeFinding);
  batch.anomalies.push(...findings);
  await PostgresExporter.fromDatabase(writerDb).export(batch);
  return findings.map((f) => f.logKey ?? '');
}

describe('anomalyDetected across api replicas (PostgreSQL LISTEN/NOTIFY)', () => {
  const received: [Array<Record<string, unknown>>, Array<Record<string, unknown>>] = [[], []];

  it('delivers an anomaly stored by a third component to subscribers of both replicas', async () => {
    expect(replicas.map((r) => r.listener?.listening)).toEqual([true, true]);
    subscribe(replicas[0]!, received[0]);
    subscribe(replicas[1]!, received[1]);
    await waitFor(() => replicas.every((r) => r.bus.listenerCount === 1), 'both subscriptions');
    const keys = await ingest(0, 3, 'first.log');
    expect(keys).toHaveLength(1);
    await waitFor(() => received.every((r) => r.length >= 1), 'the anomaly on both replicas');
    for (const got of received) expect(got).toEqual([{ service: 'web', score: expect.closeTo(0.9, 5), logKey: keys[0], reasons: ['rare template'] }]);
  });

  it('does not announce a replayed batch twice', async () => {
    await ingest(0, 3, 'first.log');
    const keys = await ingest(3, 3, 'second.log');
    await waitFor(() => received.every((r) => r.length >= 2), 'the second anomaly');
    // Had the replay been announced, its anomaly would have arrived before this one.
    for (const got of received) expect(got.map((r) => r.logKey)).toEqual([expect.stringContaining('first.log'), keys[0]]);
  });

  it('re-establishes a dropped LISTEN connection and keeps delivering', async () => {
    const listener = replicas[0]!.listener!;
    const connects = listener.stats.connects;
    await listener.dropConnection();
    await waitFor(() => listener.stats.connects > connects && listener.listening, 'the LISTEN reconnect');
    const keys = await ingest(6, 3, 'third.log');
    await waitFor(() => received.every((r) => r.length >= 3), 'the anomaly after the reconnect');
    for (const got of received) expect(got[2]?.logKey).toBe(keys[0]);
    expect(replicas[1]!.listener!.stats.connects).toBe(1);
  });
});
