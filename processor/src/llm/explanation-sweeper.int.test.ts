import { describe, expect, it } from 'vitest';
import type { AnomalyFinding } from '../domain/anomaly.js';
import { silentLogger } from '../domain/logger.js';
import { PostgresExporter } from '../exporters/postgres.exporter.js';
import { PublishFilterExporter } from '../exporters/publish-filter.exporter.js';
import type { Batch, Exporter } from '../pipeline/stage.js';
import { ExplanationSweeper } from './explanation-sweeper.js';
import { verdictJson } from './testing/fake-openai-server.js';
import { useLlmFixture, batchWith, persistAndValidate, storedAnomalies, templateFinding, testLlmRuntime } from './testing/llm-test-kit.js';
import { ValidateExporter } from './validate.exporter.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records what a publisher (bus, Kafka) would announce. */
class Announcer implements Exporter {
  readonly name = 'announcer';
  readonly announced: AnomalyFinding[] = [];
  export(batch: Batch): Promise<void> {
    this.announced.push(...batch.anomalies);
    return Promise.resolve();
  }
}

describe('tier 2 after the review: publishing, batch deadline and the explanation sweeper (PostgreSQL)', () => {
  const fixture = useLlmFixture({ content: verdictJson('anomalous', 0.9) });

  it('does not announce an anomaly the model dismissed (frozen findings are replaced, not mutated)', async () => {
    fixture.server.script.push({ content: verdictJson('not_anomalous', 0.9) }, { content: verdictJson('anomalous', 0.95) });
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { concurrency: 1 });
    const batch = batchWith([Object.freeze(templateFinding('t0', 1, { score: 0.99 })), Object.freeze(templateFinding('t1', 1, { score: 0.9 }))]);
    await persistAndValidate(fixture.test.db, runtime, batch, 1);
    const announcer = new Announcer();
    await new PublishFilterExporter(announcer).export(batch);
    expect(batch.anomalies.map((f) => [f.templateId, f.status])).toEqual([
      ['t0', 'dismissed'],
      ['t1', undefined],
    ]);
    expect(announcer.announced.map((f) => f.templateId)).toEqual(['t1']);
    // A replay (already explained, no model call) still does not announce the dismissed one.
    const replay = batchWith([templateFinding('t0', 1, { score: 0.99 }), templateFinding('t1', 1, { score: 0.9 })]);
    await persistAndValidate(fixture.test.db, runtime, replay, 1);
    const again = new Announcer();
    await new PublishFilterExporter(again).export(replay);
    expect(again.announced.map((f) => f.templateId)).toEqual(['t1']);
    expect(fixture.server.chatCalls).toBe(2);
  });

  it('bounds a batch on a slow endpoint by the deadline; the sweeper later takes the answers from the cache', async () => {
    fixture.server.fallbackReply = { delayMs: 1000, content: verdictJson('not_anomalous', 0.9) };
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { timeoutMs: 5000, concurrency: 2 });
    const batch = batchWith(['s0', 's1', 's2', 's3'].map((t) => templateFinding(t, 1)));
    await PostgresExporter.fromDatabase(fixture.test.db).export(batch);
    const exporter = new ValidateExporter(runtime.explainer, runtime.context, { concurrency: 2, deadlineMs: 150, logger: silentLogger });
    const started = performance.now();
    await exporter.export(batch);
    expect(performance.now() - started).toBeLessThan(900); // without the deadline: two rounds of 1000 ms
    let rows = await storedAnomalies(fixture.test.db);
    expect(rows.map((r) => [r.source, r.explanation?.skipped, r.status])).toEqual(Array.from({ length: 4 }, () => ['fallback', 'deadline', 'open']));
    expect(exporter.stats.deadlineFallbacks).toBe(4);
    // The two calls overtaken by the deadline finish in the background and fill the cache.
    await sleep(1300);
    const sweeper = new ExplanationSweeper(runtime.context, new ValidateExporter(runtime.explainer, runtime.context, { concurrency: 2, logger: silentLogger }), {
      intervalMs: 60_000,
      batchSize: 100,
      logger: silentLogger,
    });
    fixture.server.fallbackReply = { content: verdictJson('not_anomalous', 0.9) };
    expect(await sweeper.runOnce()).toBe(4);
    rows = await storedAnomalies(fixture.test.db);
    expect(rows.every((r) => r.explanation?.skipped === undefined && r.explanation?.verdict === 'not_anomalous' && r.status === 'dismissed')).toBe(true);
    expect(rows.filter((r) => r.source === 'cache')).toHaveLength(2);
    expect(fixture.server.chatCalls).toBe(4);
    expect(await sweeper.runOnce()).toBe(0);
  });

  it('explains rows the pipeline left unexplained, once started, and stops cleanly', async () => {
    const runtime = testLlmRuntime(fixture.test.db, fixture.server.baseURL, { validationEnabled: false });
    // Stored without the validate step, as after a failed explanation write.
    await PostgresExporter.fromDatabase(fixture.test.db).export(batchWith([templateFinding('t0', 1), templateFinding('t1', 2), templateFinding('t2', 3)]));
    expect((await storedAnomalies(fixture.test.db)).every((r) => r.explanation === null)).toBe(true);
    const validate = new ValidateExporter(runtime.explainer, runtime.context, { concurrency: 2, logger: silentLogger });
    const sweeper = new ExplanationSweeper(runtime.context, validate, { intervalMs: 20, batchSize: 2, logger: silentLogger });
    sweeper.start();
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (await storedAnomalies(fixture.test.db)).some((r) => r.explanation === null)) await sleep(20);
    await sweeper.stop();
    const rows = await storedAnomalies(fixture.test.db);
    expect(rows.map((r) => [r.templateId, r.source, r.explanation?.skipped])).toEqual([
      ['t0', 'fallback', 'disabled'],
      ['t1', 'fallback', 'disabled'],
      ['t2', 'fallback', 'disabled'],
    ]);
    expect(String(rows[0]?.explanation?.summary)).toMatch(/^Template anomaly in web/);
    expect(fixture.server.chatCalls).toBe(0);
  });
});
