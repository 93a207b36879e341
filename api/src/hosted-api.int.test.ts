import { emptyBatch, parseConfig, silentLogger } from '@ailog/processor';
import { PostgresExporter } from '@ailog/processor/exporters/postgres.exporter';
import { makeFinding, makeRecord } from '@ailog/processor/storage/testing/fixtures';
import { openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHostedApi, type HostedApiInstance } from './hosted-api.js';
import { ApiKeyService } from './services/api-key.service.js';

/** The api as `ailog serve` starts it, over real HTTP on a real PostgreSQL database. */
let handle: TestDatabase;
let hosted: HostedApiInstance;
let production: HostedApiInstance;
let key: string;

beforeAll(async () => {
  handle = await openTestDatabase('postgres', inject('databaseUrl'));
  // 30 lines one second apart (2026-01-01T00:00:00Z…00:29), three templates; template t1 is anomalous.
  const batch = emptyBatch(Array.from({ length: 30 }, (_, i) => makeRecord(i)));
  batch.anomalies.push(...batch.records.filter((r) => r.isAnomaly).map(makeFinding));
  await PostgresExporter.fromDatabase(handle.db).export(batch);
  key = (await new ApiKeyService(handle.db).create({ name: 'hosted', role: 'reader' })).key;
  const env = { API_PORT: '0', GRAFANA_URL: 'https://grafana.example.com/', TEMPO_URL: 'http://tempo:3200' };
  hosted = await startHostedApi({ config: parseConfig(env), db: handle.db, logger: silentLogger });
  production = await startHostedApi({ config: parseConfig({ ...env, NODE_ENV: 'production' }), db: handle.db, logger: silentLogger });
});

afterAll(async () => {
  await hosted?.close();
  await production?.close();
  await handle?.cleanup();
});

// Connection: close, or closing the api waits out the keep-alive grace period.
async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers: { Connection: 'close', ...headers } });
}

async function graphql(query: string): Promise<{ data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const res = await fetch(`${hosted.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key, Connection: 'close' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: Record<string, unknown> };
}

describe('GraphiQL at GET /graphql', () => {
  it('serves the page to browsers, without a key, and every asset it references loads from this server', async () => {
    const res = await get(`${hosted.url}/graphql`, { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(5);
    expect(html).not.toMatch(/https?:\/\//);
    for (const url of urls) {
      expect(url.startsWith('/graphiql/')).toBe(true);
      const asset = await get(`${hosted.url}${url}`);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('content-type'), url).toMatch(url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect((await asset.text()).length, url).toBeGreaterThan(100);
    }
  });

  it('leaves JSON clients to the GraphQL endpoint and serves no other file', async () => {
    const res = await get(`${hosted.url}/graphql?query=${encodeURIComponent('{ stats { logs } }')}`, { Accept: 'application/json', 'x-api-key': key, 'apollo-require-preflight': 'true' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { stats: { logs: 30 } } });
    expect((await get(`${hosted.url}/graphiql/package.json`)).status).toBe(401);
  });

  it('is off under NODE_ENV=production', async () => {
    const res = await get(`${production.url}/graphql`, { Accept: 'text/html' });
    expect(res.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
    expect((await get(`${production.url}/graphiql/graphiql.min.js`)).status).toBe(401);
  });
});

describe('anomaly traceUrl and template series', () => {
  it('links an anomaly with a trace id to Grafana Explore on Tempo', async () => {
    const result = await graphql('{ anomalies(first: 1) { items { traceId traceUrl } } }');
    const item = (result.data?.anomalies as { items: Array<{ traceId: string; traceUrl: string }> }).items[0]!;
    expect(item.traceId).toMatch(/^trace-\d+$/);
    expect(item.traceUrl.startsWith('https://grafana.example.com/explore?orgId=1&left=')).toBe(true);
    const left = JSON.parse(decodeURIComponent(item.traceUrl.split('left=')[1]!)) as { datasource: string; queries: Array<{ query: string }> };
    expect(left).toMatchObject({ datasource: 'tempo', queries: [{ query: item.traceId }] });
  });

  it('buckets a template by time, empty buckets included', async () => {
    const result = await graphql(`{ templates(service: "web") { items { id count
      series(bucket: "10s", from: "2026-01-01T00:00:00Z", to: "2026-01-01T00:00:40Z") { bucket count } } } }`);
    expect(result.errors).toBeUndefined();
    const items = (result.data?.templates as { items: Array<{ id: string; count: number; series: Array<{ bucket: string; count: number }> }> }).items;
    // t0 holds lines 0, 3, …, 27: four per 10 s bucket except the first (0, 3, 6, 9 → 4) …
    const t0 = items.find((t) => t.id === 't0')!;
    expect(t0.series).toEqual([
      { bucket: '2026-01-01T00:00:00.000Z', count: 4 },
      { bucket: '2026-01-01T00:00:10.000Z', count: 3 },
      { bucket: '2026-01-01T00:00:20.000Z', count: 3 },
      { bucket: '2026-01-01T00:00:30.000Z', count: 0 },
    ]);
    expect(t0.series.reduce((sum, b) => sum + b.count, 0)).toBe(t0.count);
  });

  it('refuses a malformed bucket with an error, not a crash', async () => {
    const result = await graphql('{ templates { items { series(bucket: "5 minutes") { count } } } }');
    expect(result.errors?.[0]?.message).toMatch(/bucket must look like/);
  });
});
