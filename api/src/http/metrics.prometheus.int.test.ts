import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { silentLogger } from '@ailog/processor';
import { fastConsumerConfig } from '@ailog/processor/kafka/kafka-test-kit';
import { startMetricsServer, type MetricsServer } from '@ailog/processor/service/metrics-server';
import { ProcessorService, processorServiceConfigSchema } from '@ailog/processor/service/processor-service';
import { serviceTestContext, type ServiceTestContext } from '@ailog/processor/service/service-test-kit';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { buildApi, type Api } from '../app.js';
import { ApiKeyService } from '../services/api-key.service.js';
import {
  dashboardQueries,
  expandPromqlVariables,
  expandSqlMacros,
  findPrometheus,
  startPrometheus,
  waitUntil,
  type PrometheusServer,
} from '../testing/prometheus.test-kit.js';

/*
 * The observability contract checked with the real tools: a real Prometheus scrapes the
 * processor's and the api's /metrics (real servers on random ports) after logs went through the
 * real Kafka service into PostgreSQL; then every dashboard query runs against that Prometheus and
 * that database. One Prometheus for both parts, scraping every second.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const DASHBOARDS = resolve(ROOT, 'grafana/dashboards');
const PROMETHEUS = findPrometheus();

const now = Date.now();
/** Log timestamps inside Grafana's default 6 h range, so the SQL panels have rows to show. */
const BASE = now - 60 * 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

function plainLines(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const at = iso(BASE + i * 10_000);
    if (i % 3 === 0) return `${at} INFO GET /api/items/${i} returned 200 in ${10 + (i % 7)} ms`;
    if (i % 3 === 1) return `${at} INFO user session ${1000 + i} refreshed token`;
    return `${at} DEBUG cache hit ratio ${(i % 10) / 10} for region eu-west-${i % 3}`;
  });
}

const errorLines = (from: number): string[] =>
  Array.from({ length: 5 }, (_, i) => `${iso(BASE + (from + i) * 10_000)} ERROR payment gateway refused card for order ${9000 + i}: upstream certificate expired`);

describe.skipIf(PROMETHEUS === null)('metrics scraped by a real Prometheus (skipped when the prometheus binary is absent: apt-get install prometheus)', () => {
  let ctx: ServiceTestContext;
  let service: ProcessorService;
  let metrics: MetricsServer;
  let api: Api;
  let prometheus: PrometheusServer;
  let ws: Client;
  let apiUrl: string;

  beforeAll(async () => {
    ctx = await serviceTestContext(inject('kafkaBrokers'), inject('databaseUrl'));
    service = await ProcessorService.create({
      config: ctx.config,
      kafka: ctx.client.config,
      logger: silentLogger,
      service: processorServiceConfigSchema.parse({ consumer: fastConsumerConfig(), consumerLag: { intervalMs: 500 } }),
      db: ctx.db,
      embeddingProvider: ctx.provider,
    });
    metrics = await startMetricsServer({ port: 0, host: '127.0.0.1' }, silentLogger);
    api = await buildApi({ config: { port: 0, keyCacheTtlMs: 0 }, db: ctx.db, bus: service.running.bus, logger: silentLogger });
    const address = await api.listen(0, '127.0.0.1');
    apiUrl = `http://127.0.0.1:${address.port}`;
    prometheus = await startPrometheus(PROMETHEUS as string, [
      { job: 'ailog-processor', target: `127.0.0.1:${metrics.port}` },
      { job: 'ailog-api', target: `127.0.0.1:${address.port}` },
    ]);

    // Logs through the real service: a baseline, garbage (dead letters), then a new error template (an anomaly).
    const N = 240;
    await ctx.produce(plainLines(N).map((value) => ({ value })));
    await ctx.produce([Buffer.from([0xff, 0xfe, 0x00, 0x81]), Buffer.from('{"resourceLogs":[{"scopeLogs":"broken"}]}')].map((value) => ({ value, partition: 1 })));
    await service.start();
    await ctx.drained(N + 2, service);
    await ctx.produce(errorLines(N).map((value) => ({ value, partition: 0 })));
    await ctx.drained(N + 2 + 5, service);

    // api traffic: REST, GraphQL with a named operation, and one live subscription.
    const key = (await new ApiKeyService(ctx.db).create({ name: 'metrics-test', role: 'reader' })).key;
    expect((await fetch(`${apiUrl}/health`)).status).toBe(200);
    const gql = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ query: 'query MetricsProbe { __typename }', operationName: 'MetricsProbe' }),
    });
    expect(gql.status).toBe(200);
    ws = createClient({ url: `ws://127.0.0.1:${address.port}/graphql`, webSocketImpl: WebSocket, connectionParams: { apiKey: key }, retryAttempts: 0, lazy: false, onNonLazyError: () => undefined });
    ws.subscribe({ query: 'subscription { anomalyDetected { score } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });

    // Two scrapes after the last change, so rate() over the window has data.
    await waitUntil(
      async () => ((await prometheus.query('max(ailog_active_subscriptions{job="ailog-api"})'))[0]?.value[1] ?? '0') !== '0',
      20_000,
      () => 'the subscription never showed in ailog_active_subscriptions',
    );
    await new Promise((r) => setTimeout(r, 2500));
  }, 150_000);

  afterAll(async () => {
    await ws?.dispose();
    await prometheus?.stop();
    await api?.close();
    await metrics?.close();
    await ctx?.cleanup();
  });

  const value = async (expr: string): Promise<number> => Number((await prometheus.query(expr))[0]?.value[1] ?? Number.NaN);

  it('scrapes both targets and sees the pipeline metrics of the ingested logs', async () => {
    expect(await value('min(up{job=~"ailog-processor|ailog-api"})')).toBe(1);
    expect(await value('sum(ailog_lines_received_total{job="ailog-processor",receiver="kafka"})')).toBe(245);
    expect(await value('sum(ailog_lines_processed_total{job="ailog-processor",stage="template"})')).toBe(245);
    expect(await value('sum(ailog_lines_processed_total{job="ailog-processor",stage="export:postgres"})')).toBe(245);
    expect(await value('sum(ailog_lines_dead_lettered_total{job="ailog-processor",stage="decode"})')).toBe(2);
    expect(await value('sum(ailog_lines_failed_total{job="ailog-processor"})')).toBe(0);
    expect(await value('sum(ailog_batch_size_count{job="ailog-processor"})')).toBeGreaterThan(0);
    expect(await value('sum(ailog_batch_size_sum{job="ailog-processor"})')).toBe(245);
    expect(await value('sum(ailog_stage_duration_seconds_count{job="ailog-processor",stage="detect"})')).toBeGreaterThan(0);
    expect(await value('sum(ailog_db_write_duration_seconds_count{job="ailog-processor"})')).toBeGreaterThan(0);
    expect(await value('max(ailog_templates_total{job="ailog-processor"})')).toBeGreaterThanOrEqual(4);
    expect(await value('sum(ailog_templates_new_total{job="ailog-processor"})')).toBeGreaterThanOrEqual(4);
    expect(await value('sum(ailog_anomalies_total{job="ailog-processor"})')).toBeGreaterThan(0);
    expect(await value('sum(ailog_embedding_calls_total{job="ailog-processor"})')).toBeGreaterThan(0);
    expect(await value('sum(ailog_embedding_cache_misses_total{job="ailog-processor"})')).toBeGreaterThan(0);
    expect(await value('sum(process_cpu_seconds_total{job="ailog-processor"})')).toBeGreaterThan(0);
    const lag = await prometheus.query(`ailog_kafka_consumer_lag{job="ailog-processor",topic="${ctx.client.config.topics.raw}"}`);
    expect(lag.map((s) => s.metric.partition).sort()).toEqual(['0', '1', '2']);
    expect(lag.every((s) => s.value[1] === '0')).toBe(true);
  });

  it('sees the api metrics: HTTP routes, GraphQL operations, subscriptions', async () => {
    expect(await value('sum(ailog_http_request_duration_seconds_count{job="ailog-api",route="/health",status="200"})')).toBeGreaterThanOrEqual(1);
    expect(await value('sum(ailog_http_request_duration_seconds_count{job="ailog-api",route="/graphql",method="POST"})')).toBeGreaterThanOrEqual(1);
    expect(await value('sum(ailog_graphql_request_duration_seconds_count{job="ailog-api",operation_type="query",operation_name="MetricsProbe"})')).toBe(1);
    expect(await value('max(ailog_active_subscriptions{job="ailog-api"})')).toBe(1);
  });

  it('every PromQL expression of the dashboards parses and returns series', async () => {
    const queries = (await dashboardQueries(DASHBOARDS)).filter((q) => q.kind === 'promql');
    expect(queries.length).toBeGreaterThanOrEqual(20);
    const empty: string[] = [];
    for (const q of queries) {
      const result = await prometheus.query(expandPromqlVariables(q.text));
      if (result.length === 0) empty.push(`${q.dashboard} / ${q.panel}: ${q.text}`);
    }
    expect(empty).toEqual([]);
  });

  it('every SQL panel query runs against the migrated schema, and the log/anomaly/template panels have rows', async () => {
    const queries = (await dashboardQueries(DASHBOARDS)).filter((q) => q.kind === 'sql');
    expect(queries.length).toBeGreaterThanOrEqual(8);
    const from = new Date(now - 6 * 3_600_000);
    const to = new Date(Date.now() + 60_000);
    for (const q of queries) {
      const sql = expandSqlMacros(q.text, from, to);
      expect(sql, `${q.panel}: unexpanded macro`).not.toMatch(/\$__/);
      const result = await ctx.db.knex.raw<{ rows: unknown[] }>(sql);
      // The ledger only fills when an LLM is configured; every other panel reads what was just ingested.
      if (!/budget_ledger/.test(sql)) expect(result.rows.length, `${q.dashboard} / ${q.panel}`).toBeGreaterThan(0);
    }
  });

  it('the compose stack\'s Prometheus config passes promtool (same Debian package)', () => {
    const check = spawnSync('promtool', ['check', 'config', resolve(ROOT, 'infra/prometheus/prometheus.yml')], { encoding: 'utf8' });
    expect(check.error, 'promtool not found next to prometheus').toBeUndefined();
    expect(`${check.stdout}${check.stderr}`).toContain('SUCCESS');
    expect(check.status).toBe(0);
  });

  it('the anomaly table links trace ids to the Tempo datasource that provisioning defines', async () => {
    const dashboard = JSON.parse(await readFile(resolve(DASHBOARDS, 'ailog-anomalies.json'), 'utf8')) as {
      panels: Array<{ fieldConfig?: { overrides?: Array<{ matcher: { options: string }; properties: Array<{ id: string; value: unknown }> }> } }>;
    };
    const links = dashboard.panels
      .flatMap((p) => p.fieldConfig?.overrides ?? [])
      .filter((o) => o.matcher.options === 'trace_id')
      .flatMap((o) => o.properties.filter((p) => p.id === 'links').flatMap((p) => p.value as Array<{ internal?: { datasourceUid: string; query: { query: string } } }>));
    expect(links.map((l) => l.internal?.datasourceUid)).toEqual(['tempo']);
    expect(links[0]?.internal?.query.query).toBe('${__value.raw}');
    const datasources = await readFile(resolve(ROOT, 'grafana/provisioning/datasources/ailog.yaml'), 'utf8');
    expect(datasources).toMatch(/uid: tempo\s+type: tempo/);
  });
});
