/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON, checked by the assertions */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiHarness, type ApiHarness } from './testing/api-harness.js';

let h: ApiHarness;

beforeAll(async () => {
  h = await startApiHarness(inject('databaseUrl'), 30, { corsOrigins: ['https://ui.example'], maxBodyBytes: 2000 });
});
afterAll(async () => {
  await h?.close();
});

async function get(path: string, key?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.baseUrl}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.status, body: await res.json() };
}

async function gql(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { 'x-api-key': key }) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

describe('access control', () => {
  it('serves /health without a key and refuses everything else with 401', async () => {
    const health = await get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'healthy', database: 'up' });
    for (const path of ['/', '/api/v1/logs/search', '/api/v1/logs/1', '/nope']) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(res.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'a valid API key is required' } });
    }
    expect((await gql('{ stats { logs } }')).status).toBe(401);
    expect((await get('/api/v1/logs/search', 'ailog_not-a-real-key')).status).toBe(401);
  });

  it('accepts Bearer and X-API-Key and reports name and version on /', async () => {
    const root = await get('/', h.keys.reader);
    expect(root.status).toBe(200);
    expect(root.body).toMatchObject({ name: 'ailog', version: '0.1.0' });
    expect((await gql('{ stats { logs } }', {}, h.keys.reader)).body.data.stats.logs).toBe(30);
  });

  it('refuses admin-only operations to a reader with 403 / FORBIDDEN, allows them to an admin', async () => {
    const raw = await get('/api/v1/logs/search?include_raw=true', h.keys.reader);
    expect(raw.status).toBe(403);
    expect(raw.body.error.code).toBe('FORBIDDEN');
    expect((await get('/api/v1/logs/search?include_raw=true', h.keys.admin)).status).toBe(200);

    const create = 'mutation { createApiKey(name: "ci", role: READER) { key role } }';
    const refused = await gql(create, {}, h.keys.reader);
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors[0].extensions).toEqual({ code: 'FORBIDDEN' });
    const created = await gql(create, {}, h.keys.admin);
    expect(created.body.data.createApiKey.role).toBe('READER');
    expect((await get('/', created.body.data.createApiKey.key)).status).toBe(200);

    const rawField = await gql('{ logs(first: 1) { items { id raw } } }', {}, h.keys.reader);
    expect(rawField.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('REST compatibility routes', () => {
  it('searches with the seed parameters and response shape', async () => {
    const res = await get('/api/v1/logs/search?query=thing&level=ERROR&service=web&limit=4&offset=0', h.keys.reader);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 10, limit: 4, offset: 0, has_more: true, search_type: 'fulltext' });
    expect(res.body.results).toHaveLength(4);
    for (const r of res.body.results) expect(r).toMatchObject({ level: 'ERROR', service: 'web', is_anomaly: true });
    expect(res.body.results[0].message).toContain('<EMAIL>');
    expect(JSON.stringify(res.body)).not.toContain('alice@example.com');
  });

  it('filters by anomaly flag and time range, and rejects a limit over 1000', async () => {
    const normal = await get('/api/v1/logs/search?is_anomaly=false&limit=1000', h.keys.reader);
    expect(normal.body.total).toBe(20);
    const range = await get('/api/v1/logs/search?start_time=2026-01-01T00:00:05Z&end_time=2026-01-01T00:00:10Z', h.keys.reader);
    expect(range.body.total).toBe(5);
    const tooMany = await get('/api/v1/logs/search?limit=1001', h.keys.reader);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('BAD_INPUT');
    expect(JSON.stringify(tooMany.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('gets one log by id and answers 404 in the common shape', async () => {
    const first = await get('/api/v1/logs/search?limit=1', h.keys.reader);
    const id = first.body.results[0].id as string;
    const one = await get(`/api/v1/logs/${id}`, h.keys.reader);
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(id);
    const missing = await get('/api/v1/logs/999999', h.keys.reader);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: 'log 999999 not found', details: { what: 'log', id: '999999' } } });
  });

  it('buckets volume by level', async () => {
    const res = await get('/api/v1/logs/volume?interval=hour', h.keys.reader);
    expect(res.status).toBe(200);
    const byLevel = Object.fromEntries(res.body.buckets.map((b: { level: string; count: number }) => [b.level, b.count]));
    expect(byLevel).toEqual({ ERROR: 10, INFO: 20 });
  });
});

describe('GraphQL queries', () => {
  it('pages logs with cursors, without overlap, newest first', async () => {
    const query = 'query($after: String) { logs(first: 4, after: $after, service: "web") { items { id timestamp } pageInfo { totalCount hasNextPage endCursor } } }';
    const page1 = (await gql(query, {}, h.keys.reader)).body.data.logs;
    expect(page1.pageInfo).toMatchObject({ totalCount: 20, hasNextPage: true });
    const page2 = (await gql(query, { after: page1.pageInfo.endCursor }, h.keys.reader)).body.data.logs;
    const ids1 = page1.items.map((i: { id: string }) => i.id);
    const ids2 = page2.items.map((i: { id: string }) => i.id);
    expect(ids2).toHaveLength(4);
    expect(ids1.filter((id: string) => ids2.includes(id))).toEqual([]);
    expect(new Date(page2.items[0].timestamp).getTime()).toBeLessThan(new Date(page1.items[3].timestamp).getTime());
    const bad = await gql('{ logs(after: "garbage") { items { id } } }', {}, h.keys.reader);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_INPUT');
  });

  it('full-text searches, filters by template and gets one log', async () => {
    const res = await gql('{ logs(query: "kind 2", templateId: "t2") { items { id templateId service message } pageInfo { totalCount } } }', {}, h.keys.reader);
    expect(res.body.data.logs.pageInfo.totalCount).toBe(10);
    expect(res.body.data.logs.items.every((l: { service: string }) => l.service === 'billing')).toBe(true);
    const id = res.body.data.logs.items[0].id as string;
    const one = await gql('query($id: ID!) { log(id: $id) { id message } }', { id }, h.keys.reader);
    expect(one.body.data.log.id).toBe(id);
    const missing = await gql('{ log(id: "424242") { id } }', {}, h.keys.reader);
    expect(missing.body.errors[0]).toMatchObject({ message: 'log 424242 not found', extensions: { code: 'NOT_FOUND' } });
    expect(missing.body.errors[0].extensions.stacktrace).toBeUndefined();
  });

  it('lists templates with counts, anomalies sorted with evidence, and stats', async () => {
    const templates = await gql('{ templates { items { id count anomalyCount } pageInfo { totalCount } } }', {}, h.keys.reader);
    expect(templates.body.data.templates.pageInfo.totalCount).toBe(3);
    expect(templates.body.data.templates.items).toContainEqual({ id: 't1', count: 10, anomalyCount: 10 });

    const anomalies = await gql('{ anomalies(sort: SCORE, service: "web", first: 3) { items { id score service evidence } pageInfo { totalCount } } }', {}, h.keys.reader);
    expect(anomalies.body.data.anomalies.pageInfo.totalCount).toBe(10);
    const first = anomalies.body.data.anomalies.items[0];
    expect(first.evidence.signals[0].detector).toBe('rarity');
    const one = await gql('query($id: ID!) { anomaly(id: $id) { id reasons logId } }', { id: first.id }, h.keys.reader);
    expect(one.body.data.anomaly).toMatchObject({ id: first.id, reasons: ['rare template'] });
    expect(one.body.data.anomaly.logId).not.toBeNull();

    const stats = await gql('{ stats { logs anomalousLogs anomalies templates services } }', {}, h.keys.reader);
    expect(stats.body.data.stats).toEqual({ logs: 30, anomalousLogs: 10, anomalies: 10, templates: 3, services: 2 });
  });

  it('rejects over-deep queries and over-large pages', async () => {
    const deep = await gql('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }', {}, h.keys.reader);
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0].message).toBe('query depth 9 exceeds the limit of 8');
    const big = await gql('{ logs(first: 5000) { items { id } } }', {}, h.keys.reader);
    expect(big.body.errors[0].extensions.code).toBe('BAD_INPUT');
  });
});

describe('HTTP limits', () => {
  it('answers CORS preflights only for allowed origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${h.baseUrl}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const allowed = await preflight('https://ui.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ui.example');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.status).toBe(401);
  });

  it('refuses oversized bodies with 413 in the common shape', async () => {
    const res = await gql(`{ stats { logs } } # ${'x'.repeat(5000)}`, {}, h.keys.reader);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('BAD_INPUT');
  });
});
