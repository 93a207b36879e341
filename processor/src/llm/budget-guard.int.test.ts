import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Logger } from '../domain/logger.js';
import { silentLogger } from '../domain/logger.js';
import { OpenAiEmbeddingProvider, openAiEmbeddingConfigSchema } from '../embeddings/index.js';
import { openDatabase } from '../storage/database.js';
import { BudgetRepository } from '../storage/repositories/budget.repository.js';
import { openTestDatabase } from '../storage/testing/test-database.js';
import { openaiBudgetExceeded } from '../telemetry/metrics.js';
import { BudgetGuard } from './budget-guard.js';
import { BudgetedEmbeddingProvider } from './budgeted-embedding.provider.js';
import { BudgetExceededError } from './llm-errors.js';
import { FakeOpenAiServer, verdictJson } from './testing/fake-openai-server.js';
import { batchWith, persistAndValidate, storedAnomalies, templateFinding, testLlmRuntime } from './testing/llm-test-kit.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('daily LLM budget persisted in PostgreSQL', () => {
  let server: FakeOpenAiServer;
  beforeAll(async () => {
    server = await new FakeOpenAiServer().start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('[pglite] an exhausted budget still refuses calls after the process restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ailog-llm-budget-'));
    try {
      // Process 1: one call whose real usage (20k + 1k tokens, ~0.0036 USD) blows a 0.002 USD budget.
      const first = await openDatabase({ dataDir });
      try {
        server.script.push({ content: verdictJson('anomalous', 0.9), usage: { prompt_tokens: 20_000, completion_tokens: 1000 } });
        const runtime = testLlmRuntime(first, server.baseURL, { dailyBudgetUsd: 0.002 });
        await persistAndValidate(first, runtime, batchWith([templateFinding('t0', 1)]));
        const status = await runtime.budget.status();
        expect(status.spentUsd).toBeCloseTo(0.0036, 6);
        expect(status.exceeded).toBe(true);
      } finally {
        await first.close();
      }
      const callsBefore = server.chatCalls;
      const refusedBefore = (await openaiBudgetExceeded.get()).values[0]?.value ?? 0;
      // Process 2: new database handle, new runtime objects, same data directory.
      const second = await openDatabase({ dataDir });
      try {
        const runtime = testLlmRuntime(second, server.baseURL, { dailyBudgetUsd: 0.002 });
        expect(await runtime.budget.status()).toMatchObject({ exceeded: true, remainingUsd: 0, limitUsd: 0.002 });
        await persistAndValidate(second, runtime, batchWith([templateFinding('t1', 2)], 6, 6));
        const [stored] = (await storedAnomalies(second)).filter((r) => r.templateId === 't1');
        expect(stored).toMatchObject({ status: 'open', source: 'fallback', explanation: { skipped: 'budget' } });
        const [row] = (await second.knex('anomalies').select('id').where('template_id', 't1')) as Array<{ id: string }>;
        const dto = await runtime.context.inWindow(new Date(0), new Date(Date.UTC(2030, 0)), 10);
        const anomaly = dto.find((a) => a.id === String(row?.id));
        expect(anomaly).toBeDefined();
        if (anomaly) await expect(runtime.explainer.explain(anomaly, 'on_demand')).rejects.toBeInstanceOf(BudgetExceededError);
        expect(server.chatCalls).toBe(callsBefore);
        expect((await openaiBudgetExceeded.get()).values[0]?.value).toBe(refusedBefore + 2);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('[postgres] two replicas cannot overshoot together: the check and the booking are atomic', async () => {
    const test = await openTestDatabase('postgres', inject('databaseUrl'));
    try {
      const replicas = [0, 1].map(() => new BudgetGuard(new BudgetRepository(test.db.knex), { dailyBudgetUsd: 1, warnAtFraction: 0.8, logger: silentLogger }));
      const call = (guard: BudgetGuard): Promise<string> =>
        guard.run({ kind: 'chat', model: 'gpt-4o-mini', usd: 0.6, tokens: 100 }, async () => {
          await sleep(200);
          return { value: 'done', actualUsd: 0.6 };
        });
      const results = await Promise.allSettled(replicas.map(call));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected');
      expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(BudgetExceededError);
      expect(await replicas[1]?.status()).toMatchObject({ spentUsd: 0.6, remainingUsd: 0.4, exceeded: false });
    } finally {
      await test.cleanup();
    }
  });

  it('[postgres] embeddings are booked and refused through the same budget; a warning is logged once at 80 %', async () => {
    const test = await openTestDatabase('postgres', inject('databaseUrl'));
    const warnings: string[] = [];
    const logger = { warn: (_obj: unknown, msg: string) => warnings.push(msg), debug: () => undefined } as unknown as Logger;
    try {
      const guard = new BudgetGuard(new BudgetRepository(test.db.knex), { dailyBudgetUsd: 0.00001, warnAtFraction: 0.8, logger });
      const inner = new OpenAiEmbeddingProvider(openAiEmbeddingConfigSchema.parse({ apiKey: 'k', baseURL: server.baseURL, model: 'text-embedding-3-small', dimensions: 8 }));
      const provider = new BudgetedEmbeddingProvider(inner, guard);
      const before = server.requests.length;
      // 100 texts of ~50 tokens: 5000 tokens × 0.02 USD/M = 0.0001 USD > 0.00001: refused unsent.
      await expect(provider.embed(Array.from({ length: 100 }, (_, i) => `${'word '.repeat(38)}${i}`))).rejects.toBeInstanceOf(BudgetExceededError);
      expect(server.requests.length).toBe(before);
      // Two texts of ~2 tokens fit (8e-8 USD each call) until the spend reaches the warning line.
      const vectors = await provider.embed(['disk full', 'disk ok']);
      expect(vectors).toHaveLength(2);
      expect(vectors[0]).toHaveLength(8);
      const [row] = (await test.db.knex('budget_ledger').select('kind', 'model', 'tokens').whereNotNull('actual_usd').where('tokens', '>', 0)) as Array<Record<string, unknown>>;
      expect(row).toMatchObject({ kind: 'embedding', model: 'text-embedding-3-small' });
      await new BudgetRepository(test.db.knex).record({ kind: 'chat', model: 'gpt-4o-mini', estimatedUsd: 0.0000085, tokens: 1 });
      await provider.embed(['x']);
      await provider.embed(['y']);
      expect(warnings).toEqual(['LLM budget: over the warning threshold today']);
    } finally {
      await test.cleanup();
    }
  });
});
