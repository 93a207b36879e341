/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON, checked by the assertions */
import { join, resolve } from 'node:path';
import { AnomalyBus, buildPipeline, emptyBatch, parseConfig, silentLogger, toPipelineRecords, type LogRecord, type RunningPipeline } from '@ailog/processor';
import { GloveProvider, gloveConfigSchema } from '@ailog/processor/embeddings/index';
import { BACKENDS, openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi, type Api } from '../../app.js';
import { clusteringSchemas } from '../../rest/v1/clustering.route.js';
import { ApiKeyService } from '../../services/api-key.service.js';

/** Shared so the one-off word-vector cache is built once per machine, not per test. */
const EMBEDDING_CACHE = join(resolve(import.meta.dirname, '../../../..'), '.cache/embeddings');

/** Three groups of templates that mean the same within a group, and two loners. */
const GROUPS: Record<string, Array<(i: number) => string>> = {
  disk: [
    (i) => `disk /dev/sdb${i} is full`,
    (i) => `No space left on device /dev/sdc${i} while writing segment ${i}`,
    (i) => `disk usage at ${90 + i} percent on volume vol${i}`,
    () => 'disk write failed: device full',
    (i) => `free disk space below ${i * 10} MB`,
    (i) => `disk quota exceeded on volume data${i}`,
  ],
  http: [
    (i) => `http request GET /api/items/${i} served in ${10 + i} ms`,
    (i) => `http response ${200 + i} sent to client 10.0.0.${i}`,
    (i) => `served http request from 10.1.0.${i}`,
    (i) => `http GET /orders/${i} returned status 200`,
    (i) => `incoming http request ${1000 + i} from client`,
    (i) => `http POST /cart/${i} completed in ${20 + i} ms`,
  ],
  db: [
    (i) => `lost connection to database replica db-${i}`,
    (i) => `database connection refused by host db-${i}`,
    (i) => `database connection timeout after ${100 + i} ms`,
    (i) => `database connection pool exhausted with ${i} active connections`,
    () => 'database query failed: connection closed',
    () => 'database transaction rolled back after connection error',
  ],
};
const LONERS = [(i: number): string => `kernel panic not syncing fatal exception ${i}`, (i: number): string => `certificate for mail${i}.example.org expires soon`];

function record(n: number, message: string, service: string, severity: LogRecord['severity']): LogRecord {
  const at = new Date(Date.parse('2026-11-24T10:00:00Z') + n * 1000);
  return {
    timestamp: at,
    observedAt: at,
    service,
    severity,
    message,
    attributes: {},
    traceId: null,
    spanId: null,
    source: { receiver: 'test', stream: 'search-and-clusters', position: n + 1 },
  };
}

function records(): LogRecord[] {
  const out: LogRecord[] = [];
  const push = (message: string, service: string, severity: LogRecord['severity']): void => {
    out.push(record(out.length, message, service, severity));
  };
  for (let i = 1; i <= 6; i++) {
    for (const [group, makers] of Object.entries(GROUPS)) {
      for (const make of makers) push(make(i), group === 'http' ? 'web' : 'storage', group === 'http' ? 'INFO' : 'ERROR');
    }
    for (const make of LONERS) push(make(i), 'kernel', 'WARN');
  }
  return out;
}

describe.each(BACKENDS)('[%s]', (kind) => {
  let handle: TestDatabase;
  let running: RunningPipeline;
  let api: Api;
  let baseUrl = '';
  const keys = { reader: '', admin: '' };

  beforeAll(async () => {
    handle = await openTestDatabase(kind, inject('databaseUrl'));
    const provider = GloveProvider.load(gloveConfigSchema.parse({ cacheDir: EMBEDDING_CACHE }));
    running = await buildPipeline({ config: parseConfig({ LOG_LEVEL: 'silent' }), logger: silentLogger, db: handle.db, embeddingProvider: provider });
    await running.pipeline.process(emptyBatch(toPipelineRecords(records())));
    await running.pipeline.flush();
    const keyService = new ApiKeyService(handle.db);
    keys.reader = (await keyService.create({ name: 'reader', role: 'reader' })).key;
    keys.admin = (await keyService.create({ name: 'admin', role: 'admin' })).key;
    // A separate embedded index on purpose: the API must rebuild it from the embedding cache.
    api = await buildApi({ config: { port: 0, keyCacheTtlMs: 0 }, db: handle.db, bus: new AnomalyBus(), logger: silentLogger, embeddingProvider: provider });
    baseUrl = `http://127.0.0.1:${(await api.listen(0, '127.0.0.1')).port}`;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await running?.close();
    await handle?.cleanup();
  });

  async function http(method: 'GET' | 'POST', path: string, key: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  async function gql(query: string, key: string, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  }

  describe('vector store wiring', () => {
    it('the embed stage put every template vector into the pipeline’s store', async () => {
      const templates = Number((await handle.db.knex('templates').count({ n: '*' }))[0]?.n);
      expect(templates).toBeGreaterThanOrEqual(18);
      expect(await running.vectors.count()).toBe(templates);
    });
  });

  describe('semantic search', () => {
    it('REST: "disk full" finds the no-space lines, not the served requests, ranked by similarity', async () => {
      const res = await http('GET', '/api/v1/logs/search?query=disk%20full&use_semantic_search=true&limit=100', keys.reader);
      expect(res.status).toBe(200);
      expect(res.body.search_type).toBe('semantic');
      const messages: string[] = res.body.results.map((r: any) => r.message);
      expect(messages.some((m) => m.includes('No space left on device'))).toBe(true);
      expect(messages.some((m) => m.includes('is full'))).toBe(true);
      expect(messages.some((m) => m.includes('served'))).toBe(false);
      const sims: number[] = res.body.results.map((r: any) => r.similarity);
      expect(sims.every((s) => s >= 0.7)).toBe(true);
      expect([...sims].sort((a, b) => b - a)).toEqual(sims);
      expect(res.body.total).toBe(res.body.results.length);
    });

    it('REST: the threshold and the usual filters apply', async () => {
      const loose = await http('GET', '/api/v1/logs/search?query=disk%20full&use_semantic_search=true&similarity_threshold=0.5', keys.reader);
      const strict = await http('GET', '/api/v1/logs/search?query=disk%20full&use_semantic_search=true&similarity_threshold=0.95', keys.reader);
      expect(strict.body.total).toBeLessThan(loose.body.total);
      expect(strict.body.results.every((r: any) => r.similarity >= 0.95)).toBe(true);
      const served = await http('GET', '/api/v1/logs/search?query=request%20served&use_semantic_search=true&service=web&limit=5', keys.reader);
      expect(served.body.results.length).toBe(5);
      expect(served.body.results.every((r: any) => r.service === 'web')).toBe(true);
      expect(served.body.has_more).toBe(true);
      const noWeb = await http('GET', '/api/v1/logs/search?query=request%20served&use_semantic_search=true&service=storage', keys.reader);
      expect(noWeb.body.results.every((r: any) => !r.message.includes('served'))).toBe(true);
    });

    it('GraphQL: logs(semantic: true) returns lines with their similarity and pages by cursor', async () => {
      const q = `query($after: String) { logs(query: "database timeout", semantic: true, first: 3, after: $after) {
        items { message similarity templateId } pageInfo { hasNextPage endCursor totalCount } } }`;
      const first = await gql(q, keys.reader);
      expect(first.errors).toBeUndefined();
      const page = first.data.logs;
      expect(page.items).toHaveLength(3);
      expect(page.items[0].message).toMatch(/database connection timeout/);
      expect(page.items[0].similarity).toBeGreaterThan(0.7);
      expect(page.pageInfo.totalCount).toBeGreaterThanOrEqual(6);
      const second = await gql(q, keys.reader, { after: page.pageInfo.endCursor });
      const seen = new Set(page.items.map((i: any) => i.message));
      expect(second.data.logs.items.some((i: any) => seen.has(i.message))).toBe(false);
    });
  });

  describe('clustering', () => {
    it('a reader cannot run clustering (403 / FORBIDDEN)', async () => {
      expect((await http('POST', '/api/v1/logs/clustering/run', keys.reader, {})).status).toBe(403);
      const res = await gql('mutation { runClustering { run { runId } } }', keys.reader);
      expect(res.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('before any run there are no clusters and an unknown cluster is 404', async () => {
      expect((await http('GET', '/api/v1/logs/clustering/clusters', keys.reader)).body).toMatchObject({ run_id: null, clusters: [] });
      expect((await http('GET', '/api/v1/logs/clustering/clusters/c0', keys.reader)).status).toBe(404);
    });

    it('an admin run groups the templates by meaning and leaves the loners out', async () => {
      const res = await http('POST', '/api/v1/logs/clustering/run', keys.admin, { min_cluster_size: 3 });
      expect(res.status).toBe(200);
      expect(clusteringSchemas.run.strict().safeParse(res.body).error).toBeUndefined();
      const clusters: any[] = res.body.clusters;
      const groupOf = (needle: string): string | undefined =>
        clusters.find((c) => c.member_templates.some((t: any) => t.template.includes(needle)))?.cluster_id;
      const disk = groupOf('is full');
      const web = groupOf('served in');
      const db = groupOf('database connection timeout');
      expect(new Set([disk, web, db]).size).toBe(3);
      expect(disk).toBeDefined();
      // Most of each group lands with its own kind, and never with the other two.
      const inGroup = (id: string | undefined, needles: string[]): number => needles.filter((n) => groupOf(n) === id).length;
      expect(inGroup(disk, ['No space left', 'disk usage', 'device full', 'free disk space', 'disk quota'])).toBeGreaterThanOrEqual(4);
      expect(inGroup(web, ['http response', 'served http request', 'returned status', 'incoming http', 'completed in'])).toBeGreaterThanOrEqual(4);
      expect(inGroup(db, ['lost connection', 'connection refused', 'pool exhausted', 'query failed'])).toBeGreaterThanOrEqual(3);
      expect(groupOf('kernel panic')).toBeUndefined();
      expect(res.body.n_templates).toBeGreaterThanOrEqual(18);
      expect(res.body.params).toEqual({ min_cluster_size: 3, min_samples: 3 });
      for (const c of clusters) expect(typeof c.label === 'string' && c.label.length > 0).toBe(true);
    });

    it('GraphQL clusters / cluster(id) / outliers read the latest run', async () => {
      const list = await gql('{ clusters { id label size representatives { templateId text } members { templateId clusterId similarity } } }', keys.reader);
      expect(list.errors).toBeUndefined();
      const clusters: any[] = list.data.clusters;
      expect(clusters.length).toBeGreaterThanOrEqual(2);
      for (const c of clusters) {
        expect(c.members).toHaveLength(c.size);
        expect(c.members.every((m: any) => m.clusterId === c.id)).toBe(true);
        expect(c.representatives.length).toBeGreaterThan(0);
      }
      const one = await gql('query($id: ID!) { cluster(id: $id) { id size sampleLines(limit: 5) { message templateId } } }', keys.reader, { id: clusters[0].id });
      expect(one.data.cluster.id).toBe(clusters[0].id);
      expect(one.data.cluster.sampleLines).toHaveLength(5);
      const memberIds = new Set(clusters[0].members.map((m: any) => m.templateId));
      expect(one.data.cluster.sampleLines.every((l: any) => memberIds.has(l.templateId))).toBe(true);

      const outliers = await gql('{ outliers(first: 50) { items { text clusterId outlierScore nearestClusterId } pageInfo { totalCount } } }', keys.reader);
      const items: any[] = outliers.data.outliers.items;
      expect(items.every((o) => o.clusterId === null && o.nearestClusterId !== null)).toBe(true);
      expect(items.some((o) => o.text.includes('kernel panic'))).toBe(true);
      expect(outliers.data.outliers.pageInfo.totalCount).toBe(items.length);
      const scores = items.map((o) => o.outlierScore);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    });

    it('GraphQL runClustering (admin) returns the run with its parameters and becomes the latest run', async () => {
      const res = await gql('mutation { runClustering(minClusterSize: 4) { run { runId templates outliers } clusters { id size } minClusterSize minSamples durationMs } }', keys.admin);
      expect(res.errors).toBeUndefined();
      const run = res.data.runClustering;
      expect(run).toMatchObject({ minClusterSize: 4, minSamples: 4 });
      expect(run.run.templates).toBeGreaterThanOrEqual(18);
      expect(run.clusters.every((c: any) => c.size >= 1)).toBe(true);
      const latest = await http('GET', '/api/v1/logs/clustering/clusters', keys.reader);
      expect(latest.body.run_id).toBe(run.run.runId);
      // Back to the default parameters for the tests below.
      expect((await http('POST', '/api/v1/logs/clustering/run?min_cluster_size=3', keys.admin)).status).toBe(200);
    });

    it('REST cluster detail and outliers carry the seed-like shapes', async () => {
      const list = await http('GET', '/api/v1/logs/clustering/clusters', keys.reader);
      const id = list.body.clusters[0].cluster_id;
      const detail = await http('GET', `/api/v1/logs/clustering/clusters/${id}?sample_limit=3`, keys.reader);
      expect(detail.status).toBe(200);
      expect(clusteringSchemas.clusterDetail.safeParse(detail.body).error).toBeUndefined();
      expect(clusteringSchemas.clusters.safeParse(list.body).error).toBeUndefined();
      expect(detail.body).toMatchObject({ cluster_id: id, run_id: list.body.run_id });
      expect(detail.body.sample_logs).toHaveLength(3);
      expect(Object.keys(detail.body.sample_logs[0]).sort()).toEqual(['id', 'level', 'message', 'service', 'template_id', 'timestamp']);
      const outliers = await http('GET', '/api/v1/logs/clustering/outliers?limit=1', keys.reader);
      expect(outliers.body).toMatchObject({ run_id: list.body.run_id, limit: 1, offset: 0 });
      expect(clusteringSchemas.outliers.safeParse(outliers.body).error).toBeUndefined();
      expect(outliers.body.outliers).toHaveLength(1);
      expect(outliers.body.outliers[0]).toHaveProperty('outlier_score');
      expect(outliers.body.has_more).toBe(outliers.body.total > 1);
    });
  });

  describe('without an embedding provider', () => {
    it('semantic search is refused as unavailable (503), plain search still works', async () => {
      const bare = await buildApi({ config: { port: 0, keyCacheTtlMs: 0 }, db: handle.db, bus: new AnomalyBus(), logger: silentLogger });
      const url = `http://127.0.0.1:${(await bare.listen(0, '127.0.0.1')).port}`;
      try {
        const get = (path: string): Promise<Response> => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${keys.reader}` } });
        const semantic = await get('/api/v1/logs/search?query=disk%20full&use_semantic_search=true');
        expect(semantic.status).toBe(503);
        expect(((await semantic.json()) as any).error.code).toBe('UNAVAILABLE');
        expect((await get('/api/v1/logs/search?query=disk')).status).toBe(200);
      } finally {
        await bare.close();
      }
    });
  });

  describe('index refresh', () => {
    it('finds a template the processor added after the API built its index', async () => {
      const before = await http('GET', '/api/v1/logs/search?query=printer%20paper&use_semantic_search=true', keys.reader);
      expect(before.body.results.some((r: any) => r.message.includes('printer'))).toBe(false);
      const lines = [1, 2, 3].map((i) => record(10_000 + i, `printer tray ${i} is out of paper`, 'office', 'WARN'));
      await running.pipeline.process(emptyBatch(toPipelineRecords(lines)));
      // The API re-reads the embedding cache at most every 2 s.
      await new Promise((r) => setTimeout(r, 2100));
      const after = await http('GET', '/api/v1/logs/search?query=printer%20paper&use_semantic_search=true', keys.reader);
      expect(after.body.results.filter((r: any) => r.message.includes('printer'))).toHaveLength(3);
    });
  });
});
