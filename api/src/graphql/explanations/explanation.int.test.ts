/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, checked by the assertions */
import { AnomalyBus, silentLogger } from '@ailog/processor';
import { PostgresExporter } from '@ailog/processor/exporters/postgres.exporter';
import { FakeOpenAiServer, verdictJson } from '@ailog/processor/llm/testing/fake-openai-server';
import { batchWith, templateFinding, testLlmRuntime } from '@ailog/processor/llm/testing/llm-test-kit';
import { BudgetRepository } from '@ailog/processor/storage/index';
import { openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApi, type Api } from '../../app.js';
import { ApiKeyService } from '../../services/api-key.service.js';

const EXPLAIN = 'mutation ($id: ID!) { explainAnomaly(id: $id) { id status explanationSource explanationSummary explanation } }';
const BUDGET = '{ llmBudget { day spentUsd limitUsd remainingUsd exceeded } }';
const ROOT_CAUSE = 'query ($from: DateTimeISO!, $to: DateTimeISO!) { rootCause(from: $from, to: $to) { anomalyCount firstAnomaly { templateId service what } templates { templateId anomalies services } services { service anomalies } summary likelyCause nextSteps source skipped } }';

describe('explanations API (GraphQL + REST) with a local OpenAI-compatible server', () => {
  let server: FakeOpenAiServer;
  let test: TestDatabase;
  let api: Api;
  let baseUrl: string;
  let keys: { admin: string; reader: string };
  let ids: Record<string, string>;

  async function gql(query: string, variables: Record<string, unknown> = {}, key = keys.admin): Promise<{ data?: any; errors?: Array<{ extensions: { code: string } }> }> {
    const res = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: Array<{ extensions: { code: string } }> };
  }

  beforeAll(async () => {
    server = await new FakeOpenAiServer().start();
    test = await openTestDatabase('postgres', inject('databaseUrl'));
    await PostgresExporter.fromDatabase(test.db).export(
      batchWith([templateFinding('t0', 1, { service: 'web' }), templateFinding('t0', 2, { service: 'web' }), templateFinding('t1', 3, { service: 'billing', detector: 'param_shift' })]),
    );
    const rows = (await test.db.knex('anomalies').select('id', 'template_id', 'window_start').orderBy('window_start')) as Array<{ id: string; template_id: string }>;
    ids = { first: String(rows[0]?.id), second: String(rows[1]?.id), billing: String(rows[2]?.id) };
    const keyService = new ApiKeyService(test.db);
    keys = { admin: (await keyService.create({ name: 'a', role: 'admin' })).key, reader: (await keyService.create({ name: 'r', role: 'reader' })).key };
    api = await buildApi({ config: { port: 0, keyCacheTtlMs: 0 }, db: test.db, bus: new AnomalyBus(), logger: silentLogger, llm: testLlmRuntime(test.db, server.baseURL, { dailyBudgetUsd: 0.01 }) });
    baseUrl = `http://127.0.0.1:${(await api.listen(0, '127.0.0.1')).port}`;
  });
  afterAll(async () => {
    await api.close();
    await test.cleanup();
    await server.stop();
  });

  it('explainAnomaly is admin-only, stores the model verdict and dismisses on "not anomalous"', async () => {
    expect((await gql(EXPLAIN, { id: ids.first }, keys.reader)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // REST goes through the same ExplanationService check
    const rest = await fetch(`${baseUrl}/api/v1/anomalies/${ids.first}/explain`, { method: 'POST', headers: { 'x-api-key': keys.reader } });
    expect(rest.status).toBe(403);
    expect(server.chatCalls).toBe(0);
    server.script.push({ content: verdictJson('not_anomalous', 0.85, 'A routine reconnect.') });
    const res = await gql(EXPLAIN, { id: ids.first });
    expect(res.data.explainAnomaly).toMatchObject({ id: ids.first, status: 'dismissed', explanationSource: 'llm', explanationSummary: 'A routine reconnect.' });
    expect(res.data.explainAnomaly.explanation).toMatchObject({ verdict: 'not_anomalous', confidence: 0.85, facts: { service: 'web', signal: 'new_template' } });
    expect(server.chatCalls).toBe(1);
  });

  it('answers a recurring anomaly from the cache without a model call', async () => {
    const res = await gql(EXPLAIN, { id: ids.second });
    expect(res.data.explainAnomaly).toMatchObject({ explanationSource: 'cache', status: 'dismissed', explanationSummary: 'A routine reconnect.' });
    expect(server.chatCalls).toBe(1);
  });

  it('reports the budget and the root cause of an incident window', async () => {
    const budget = (await gql(BUDGET, {}, keys.reader)).data.llmBudget;
    expect(budget).toMatchObject({ limitUsd: 0.01, exceeded: false });
    // Fake usage: 100 prompt + 50 completion tokens on gpt-4o-mini.
    expect(budget.spentUsd).toBeCloseTo((100 * 0.15 + 50 * 0.6) / 1e6, 9);
    server.script.push({ content: JSON.stringify({ summary: 'web failed first, billing followed.', likely_cause: 'a bad deploy', next_steps: ['roll back'] }) });
    const rc = (await gql(ROOT_CAUSE, { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' })).data.rootCause;
    expect(rc).toMatchObject({
      anomalyCount: 3,
      firstAnomaly: { templateId: 't0', service: 'web' },
      templates: [{ templateId: 't0', anomalies: 2, services: ['web'] }, { templateId: 't1', anomalies: 1, services: ['billing'] }],
      services: [{ service: 'web', anomalies: 2 }, { service: 'billing', anomalies: 1 }],
      summary: 'web failed first, billing followed.',
      source: 'llm',
      skipped: null,
    });
    const prompt = server.requests.at(-1)?.body as { max_tokens: number };
    expect(prompt.max_tokens).toBe(600);
  });

  it('refuses on-demand calls over budget: GraphQL BUDGET_EXCEEDED, REST 429', async () => {
    await new BudgetRepository(test.db.knex).record({ kind: 'chat', model: 'gpt-4o-mini', estimatedUsd: 0.01, tokens: 1 });
    const calls = server.chatCalls;
    expect((await gql(EXPLAIN, { id: ids.billing })).errors?.[0]?.extensions.code).toBe('BUDGET_EXCEEDED');
    expect((await gql(ROOT_CAUSE, { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00Z' })).errors?.[0]?.extensions.code).toBe('BUDGET_EXCEEDED');
    const rest = await fetch(`${baseUrl}/api/v1/anomalies/${ids.billing}/explain`, { method: 'POST', headers: { 'x-api-key': keys.admin } });
    expect(rest.status).toBe(429);
    expect(((await rest.json()) as { error: { code: string } }).error.code).toBe('BUDGET_EXCEEDED');
    expect(server.chatCalls).toBe(calls);
    const budget = (await (await fetch(`${baseUrl}/api/v1/llm/budget`, { headers: { 'x-api-key': keys.reader } })).json()) as Record<string, unknown>;
    expect(budget).toMatchObject({ exceeded: true, remaining_usd: 0 });
  });

  it('rejects an inverted window and an unknown anomaly', async () => {
    expect((await gql(ROOT_CAUSE, { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).errors?.[0]?.extensions.code).toBe('BAD_INPUT');
    expect((await gql(EXPLAIN, { id: '999999' })).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});
