import type { AnomalyFinding } from '../../domain/anomaly.js';
import { silentLogger } from '../../domain/logger.js';
import { PostgresExporter } from '../../exporters/postgres.exporter.js';
import { emptyBatch, type Batch } from '../../pipeline/stage.js';
import { Redactor } from '../../processors/redact/index.js';
import type { Database } from '../../storage/database.js';
import { makeRecord } from '../../storage/testing/fixtures.js';
import { createLlmRuntime, type LlmRuntime } from '../llm-runtime.js';
import { llmConfigSchema, type LlmConfigInput } from '../llm.config.js';
import { ValidateExporter } from '../validate.exporter.js';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../storage/testing/test-database.js';
import { FakeOpenAiServer, verdictJson, type ScriptedReply } from './fake-openai-server.js';

const redactor = new Redactor();

/** What `useLlmFixture` gives a test: read the fields inside tests (they are set by the hooks). */
export interface LlmFixture {
  readonly server: FakeOpenAiServer;
  readonly test: TestDatabase;
}

/**
 * Registers the hooks of an LLM integration suite (call inside `describe`): one local
 * OpenAI-compatible server for the suite, a fresh PostgreSQL database and a reset script per test.
 */
export function useLlmFixture(fallbackReply: ScriptedReply = { content: verdictJson('anomalous', 0.9) }): LlmFixture {
  const fixture = {} as { server: FakeOpenAiServer; test: TestDatabase };
  beforeAll(async () => {
    fixture.server = await new FakeOpenAiServer().start();
  });
  afterAll(async () => {
    await fixture.server.stop();
  });
  beforeEach(async () => {
    fixture.test = await openTestDatabase('postgres', inject('databaseUrl'));
    fixture.server.script.length = 0;
    fixture.server.requests.length = 0;
    fixture.server.fallbackReply = fallbackReply;
  });
  afterEach(async () => {
    await fixture.test.cleanup();
  });
  return fixture;
}

/** Tier-2 settings for tests: validation on, fast retries, pointed at the fake server. */
export function testLlmRuntime(db: Database, baseURL: string, overrides: LlmConfigInput = {}): LlmRuntime {
  const config = llmConfigSchema.parse({
    apiKey: 'test-key',
    baseURL,
    validationEnabled: true,
    timeoutMs: 2000,
    maxRetries: 1,
    retryBaseMs: 5,
    retryMaxMs: 2000,
    ...overrides,
  });
  return createLlmRuntime({ config, knex: db.knex, logger: silentLogger, redact: (text) => redactor.redact(text).text });
}

/** A template-scope finding of `templateId` at minute `minute`, firing `detector`. */
export function templateFinding(templateId: string, minute: number, options: { readonly detector?: string; readonly score?: number; readonly service?: string } = {}): AnomalyFinding {
  const start = new Date(Date.UTC(2026, 0, 1, 0, minute));
  return {
    scope: 'template',
    method: 'combined',
    score: options.score ?? 0.9,
    isAnomaly: true,
    templateId,
    service: options.service ?? 'web',
    windowStart: start,
    windowEnd: new Date(start.getTime() + 60_000),
    reasons: ['test'],
    evidence: { signals: [{ detector: options.detector ?? 'new_template', score: options.score ?? 0.9, detail: { linesSeen: 100 } }], observed: 9, baseline: 1 },
  };
}

/** A batch of fixture records (templates t0..t2, PII redacted) carrying `findings`. */
export function batchWith(findings: readonly AnomalyFinding[], lines = 6, from = 0): Batch {
  const batch = emptyBatch(Array.from({ length: lines }, (_, i) => makeRecord(from + i)));
  batch.anomalies.push(...findings);
  return batch;
}

/** Persists a batch and runs the validate exporter on it, as the pipeline does. */
export async function persistAndValidate(db: Database, runtime: LlmRuntime, batch: Batch, concurrency = 2, deadlineMs?: number): Promise<ValidateExporter> {
  await PostgresExporter.fromDatabase(db).export(batch);
  const exporter = new ValidateExporter(runtime.explainer, runtime.context, { concurrency, logger: silentLogger, ...(deadlineMs === undefined ? {} : { deadlineMs }) });
  await exporter.export(batch);
  return exporter;
}

/** Status, source and explanation of every stored anomaly, by template id then window. */
export async function storedAnomalies(db: Database): Promise<Array<{ templateId: string | null; status: string; source: string | null; explanation: Record<string, unknown> | null }>> {
  const rows = (await db
    .knex('anomalies')
    .select('template_id', 'status', 'explanation_source', 'explanation')
    .orderBy([{ column: 'template_id' }, { column: 'window_start' }])) as Array<{
    template_id: string | null;
    status: string;
    explanation_source: string | null;
    explanation: Record<string, unknown> | null;
  }>;
  return rows.map((r) => ({ templateId: r.template_id, status: r.status, source: r.explanation_source, explanation: r.explanation }));
}
