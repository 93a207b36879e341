import { describe, expect, it } from 'vitest';
import { verdictJson } from './testing/fake-openai-server.js';
import { useLlmFixture, batchWith, persistAndValidate, storedAnomalies, templateFinding, testLlmRuntime } from './testing/llm-test-kit.js';

describe('ValidateExporter on PostgreSQL with a local OpenAI-compatible server', () => {
  const fixture = useLlmFixture({ content: verdictJson('anomalous', 0.9) });

  it('dismisses an anomaly the model calls not anomalous (or is unsure of) and keeps a confident one open', async () => {
    fixture.server.script.push({ content: verdictJson('not_anomalous', 0.9, 'routine retry') }, { content: verdictJson('anomalous', 0.3) }, { content: verdictJson('anomalous', 0.95) });
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { concurrency: 1 });
    // Highest score first: t0 (0.99), t1 (0.95), t2 (0.9) reach the model in that order.
    const batch = batchWith([templateFinding('t0', 1, { score: 0.99 }), templateFinding('t1', 1, { score: 0.95 }), templateFinding('t2', 1, { score: 0.9 })]);
    const exporter = await persistAndValidate(fixture.test.db, runtime, batch, 1);
    const rows = await storedAnomalies(fixture.test.db);
    expect(rows.map((r) => [r.templateId, r.status, r.source])).toEqual([
      ['t0', 'dismissed', 'llm'],
      ['t1', 'dismissed', 'llm'],
      ['t2', 'open', 'llm'],
    ]);
    expect(rows[0]?.explanation).toMatchObject({ verdict: 'not_anomalous', confidence: 0.9, summary: 'routine retry', likelyCause: 'scripted cause', model: 'gpt-4o-mini' });
    expect(exporter.stats).toMatchObject({ explained: 3, dismissed: 2, bySource: { llm: 3, cache: 0, fallback: 0 } });
    // The prompt carried the stored (redacted) example lines, never the raw address.
    const prompt = JSON.stringify(fixture.server.requests[0]?.body);
    expect(prompt).toContain('user <EMAIL> did thing');
    expect(prompt).not.toContain('alice@example.com');
  });

  it('stores the fallback explanation when the endpoint fails or answers malformed JSON twice', async () => {
    fixture.server.script.push({ status: 500 }, { status: 500 }, { content: 'not json at all' }, { content: '{"verdict": "perhaps"}' });
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { concurrency: 1 });
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t0', 1, { score: 0.99 }), templateFinding('t1', 1, { score: 0.95 })]), 1);
    const rows = await storedAnomalies(fixture.test.db);
    expect(rows.map((r) => [r.templateId, r.status, r.source, r.explanation?.skipped])).toEqual([
      ['t0', 'open', 'fallback', 'llm_error'],
      ['t1', 'open', 'fallback', 'malformed'],
    ]);
    expect(String(rows[0]?.explanation?.summary)).toMatch(/^Template anomaly in web for "user <\*> did thing <\*> kind 0" since 2026-01-01T00:01:00.000Z: never seen/);
    expect(fixture.server.chatCalls).toBe(4);
  });

  it('retries once after a malformed answer and uses the repaired one', async () => {
    fixture.server.script.push({ content: 'Sure! The verdict is anomalous.' }, { content: verdictJson('not_anomalous', 0.8) });
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL);
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t0', 1)]));
    expect((await storedAnomalies(fixture.test.db)).map((r) => [r.status, r.source])).toEqual([['dismissed', 'llm']]);
    const retry = fixture.server.requests[1]?.body.messages as Array<{ role: string; content: string }>;
    expect(retry.at(-1)?.content).toMatch(/not valid/);
  });

  it('explains a recurring anomaly once: later occurrences and concurrent twins come from the cache', async () => {
    fixture.server.script.push({ content: verdictJson('not_anomalous', 0.9) });
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { concurrency: 4 });
    // Two occurrences in one batch (concurrent), then two more batches later.
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 1), templateFinding('t1', 2)]), 4);
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 10)], 6, 6), 4);
    const again = await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 20), templateFinding('t1', 21, { detector: 'param_shift' })], 6, 12), 4);
    expect(fixture.server.chatCalls).toBe(2); // (t1, new_template) once, (t1, param_shift) once
    const rows = await storedAnomalies(fixture.test.db);
    expect(rows.filter((r) => r.explanation?.verdict === 'not_anomalous')).toHaveLength(4);
    expect(rows.every((r) => r.status === 'dismissed' || r.explanation?.verdict === 'anomalous')).toBe(true);
    expect(rows.filter((r) => r.source === 'cache')).toHaveLength(2);
    expect(again.stats.bySource).toEqual({ llm: 1, cache: 1, fallback: 0 });
    // A replay of a batch already explained asks nothing and changes nothing.
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t1', 10)], 6, 6), 4);
    expect(fixture.server.chatCalls).toBe(2);
  });

  it('gives low-score anomalies the fallback without asking, and everything the fallback when validation is off', async () => {
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { anomalyScoreThreshold: 0.8 });
    await persistAndValidate(fixture.test.db, runtime, batchWith([templateFinding('t0', 1, { score: 0.5 })]));
    const off = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { validationEnabled: false });
    await persistAndValidate(fixture.test.db, off, batchWith([templateFinding('t1', 1, { score: 0.99 })]));
    expect(fixture.server.chatCalls).toBe(0);
    expect((await storedAnomalies(fixture.test.db)).map((r) => [r.source, r.explanation?.skipped])).toEqual([
      ['fallback', 'below_threshold'],
      ['fallback', 'disabled'],
    ]);
  });

  it('opens the circuit on a dead endpoint so a batch of many anomalies is not slowed', async () => {
    fixture.server.fallbackReply = { delayMs: 5000, content: verdictJson('anomalous', 0.9) };
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { timeoutMs: 150, maxRetries: 1, breakerFailures: 2, concurrency: 2 });
    const findings = Array.from({ length: 40 }, (_, i) => templateFinding(`dead-${String(i).padStart(2, '0')}`, 1));
    const started = performance.now();
    const exporter = await persistAndValidate(fixture.test.db, runtime, batchWith(findings), 2);
    const millis = performance.now() - started;
    expect(runtime.breaker.state).toBe('open');
    // Two failures open the circuit; with two in flight, at most three requests (two attempts each)
    // were started before it opened, and the other 37+ anomalies skip at once.
    expect(fixture.server.chatCalls).toBeLessThanOrEqual(6);
    expect(millis).toBeLessThan(3000); // 40 × 2 attempts × 150 ms would be 12 s without the breaker
    const rows = await storedAnomalies(fixture.test.db);
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.source === 'fallback')).toBe(true);
    expect(rows.filter((r) => r.explanation?.skipped === 'circuit_open').length).toBeGreaterThanOrEqual(37);
    expect(exporter.stats.failures).toBe(0);
  });
});
