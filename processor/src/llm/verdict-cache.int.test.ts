import { describe, expect, it } from 'vitest';
import { PostgresExporter } from '../exporters/postgres.exporter.js';
import { anomalyDedupKey } from '../storage/repositories/anomaly.repository.js';
import { LlmExplanationRepository } from '../storage/repositories/llm-explanation.repository.js';
import { BudgetExceededError } from './llm-errors.js';
import { verdictJson } from './testing/fake-openai-server.js';
import { useLlmFixture, batchWith, persistAndValidate, storedAnomalies, templateFinding, testLlmRuntime } from './testing/llm-test-kit.js';

describe('verdict cache lifetime and budget refusals (PostgreSQL)', () => {
  const fixture = useLlmFixture({ content: verdictJson('not_anomalous', 0.9) });

  it('asks again once a cached verdict is older than the TTL', async () => {
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { cacheTtlHours: 1 });
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 1)]));
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 2)], 6, 6));
    expect(fixture.server.chatCalls).toBe(1);
    await fixture.test.db.knex('llm_explanations').update({ created_at: new Date(Date.now() - 2 * 3_600_000) });
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 3)], 6, 12));
    expect(fixture.server.chatCalls).toBe(2);
    expect((await storedAnomalies(fixture.test.db)).map((r) => r.source)).toEqual(['llm', 'cache', 'llm']);
  });

  it('asks again after a user confirms (or rejects) an anomaly of the template', async () => {
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL);
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 1)]));
    const [first] = await fixture.test.db.knex<{ id: string }>('anomalies').select('id');
    // The verdict is "not anomalous"; the operator says otherwise.
    await fixture.test.db.knex('feedback').insert({ action: 'confirm', anomaly_id: first?.id, template_id: 't1', method: 'combined' });
    fixture.server.fallbackReply = { content: verdictJson('anomalous', 0.9) };
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 2)], 6, 6));
    expect(fixture.server.chatCalls).toBe(2);
    const rows = await storedAnomalies(fixture.test.db);
    expect(rows.map((r) => [r.source, r.explanation?.verdict, r.status])).toEqual([
      ['llm', 'not_anomalous', 'dismissed'],
      ['llm', 'anomalous', 'open'],
    ]);
    // Feedback older than the new answer does not invalidate it again.
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 3)], 6, 12));
    expect(fixture.server.chatCalls).toBe(2);
  });

  it('invalidates a template\'s entries on request', async () => {
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL);
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 1), templateFinding('t1', 2, { detector: 'param_shift' }), templateFinding('t2', 3)]));
    const cache = new LlmExplanationRepository(fixture.test.db.knex);
    expect(await cache.count()).toBe(3);
    expect(await cache.invalidate('t1', 'param_shift')).toBe(1);
    expect(await cache.invalidate('t1')).toBe(1);
    expect(await cache.count()).toBe(1);
    expect(await cache.hit('t2', 'new_template')).not.toBeNull();
  });

  it('over budget: the pipeline gets the fallback even when sharing an on-demand call, which still throws', async () => {
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { dailyBudgetUsd: 0 });
    const finding = templateFinding('t1', 1);
    await PostgresExporter.fromDatabase(fixture.test.db).export(batchWith([finding]));
    const [row] = await runtime.context.unexplained([anomalyDedupKey(finding)]);
    if (row === undefined) throw new Error('anomaly not stored');
    const [onDemand, pipeline] = await Promise.allSettled([runtime.explainer.explain(row, 'on_demand'), runtime.explainer.explain(row, 'pipeline')]);
    expect(onDemand.status === 'rejected' && onDemand.reason instanceof BudgetExceededError).toBe(true);
    expect(pipeline.status === 'fulfilled' && pipeline.value.explanation.skipped).toBe('budget');
    expect(fixture.server.chatCalls).toBe(0);
  });
});
