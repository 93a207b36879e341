/**
 * LLM validation bench: the real pipeline on the synthetic scenario with validation ON against a
 * local OpenAI-compatible fake (`FakeOpenAiServer`; the real API is paid and unreachable here).
 * Reports lines, anomalies, anomalies eligible for the model (score ≥ threshold), distinct
 * (template, signal kind) pairs among them, chat calls, calls per 1M lines and the bar
 * (calls ≤ distinct pairs). `npx tsx processor/bench/llm.bench.ts [--lines 1000000] [--seed 42] [--threshold 0.7]`.
 * Uses the PostgreSQL server in AILOG_TEST_DATABASE_URL when set, else PGlite in a temp dir.
 * Writes bench-results/llm.json.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config.js';
import { silentLogger } from '../src/domain/logger.js';
import { signalKind } from '../src/llm/fallback-explainer.js';
import { FakeOpenAiServer, verdictJson } from '../src/llm/testing/fake-openai-server.js';
import { FileReceiver } from '../src/receivers/index.js';
import { buildPipeline } from '../src/runtime/build-pipeline.js';
import { ingest } from '../src/runtime/ingest.js';
import { toAnomalyDto, ANOMALY_COLUMNS, type AnomalyDto } from '../src/storage/repositories/anomaly.repository.js';
import { openTestDatabase } from '../src/storage/testing/test-database.js';
import { generateScenario } from '../src/synthetic/index.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    /** ANOMALY_SCORE_THRESHOLD; default: the config default (0.7). 0 sends every anomaly to the model. */
    threshold: { type: 'string' },
  },
});
const TARGET = Number(values.lines);
const SEED = Number(values.seed);

const dir = await mkdtemp(join(tmpdir(), 'ailog-llm-bench-'));
const server = await new FakeOpenAiServer().start();
server.fallbackReply = { content: verdictJson('anomalous', 0.9) };
const serverUrl = process.env.AILOG_TEST_DATABASE_URL ?? '';
const test = await openTestDatabase(serverUrl ? 'postgres' : 'pglite', serverUrl);
try {
  const scenario = generateScenario({ seed: SEED, linesPerMinute: Math.max(100, Math.round(TARGET / 120)) });
  const file = join(dir, 'scenario.log');
  await writeFile(file, `${scenario.lines.join('\n')}\n`);
  const config = parseConfig({
    AILOG_EMBEDDING_CACHE_DIR: join(ROOT, '.cache', 'embeddings'),
    LLM_VALIDATION_ENABLED: 'true',
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_KEY: 'bench',
    OPENAI_BUDGET: '1000',
    ...(values.threshold === undefined ? {} : { ANOMALY_SCORE_THRESHOLD: values.threshold }),
  });
  const stageMillis: Record<string, number> = {};
  const observe = (stage: string, millis: number): void => {
    stageMillis[stage] = (stageMillis[stage] ?? 0) + millis;
  };
  const running = await buildPipeline({ config, logger: silentLogger, db: test.db, observe });
  const receiver = new FileReceiver(file, {});
  const load = loadavg()[0] ?? 0;
  const started = performance.now();
  try {
    await ingest(receiver.records(), running, { queueCapacity: 2 });
  } finally {
    await running.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = (await test.db.knex<AnomalyDto>('anomalies').select(ANOMALY_COLUMNS)).map((r) => toAnomalyDto(r));
  const eligible = rows.filter((r) => r.isAnomaly && r.score >= config.llm.anomalyScoreThreshold);
  const pairs = new Set(eligible.map((r) => `${r.templateId ?? `${r.scope}:${r.service ?? ''}`}\u0000${signalKind(r)}`));
  const bySource = rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.explanationSource ?? 'none']: (acc[r.explanationSource ?? 'none'] ?? 0) + 1 }), {});
  const lines = receiver.stats.linesRead;
  const calls = server.chatCalls;
  const result = {
    seed: SEED,
    scoreThreshold: config.llm.anomalyScoreThreshold,
    lines,
    seconds: Number(seconds.toFixed(1)),
    loadAvgAtStart: Number(load.toFixed(2)),
    anomalies: rows.length,
    eligibleForLlm: eligible.length,
    distinctTemplateSignalPairs: pairs.size,
    llmCalls: calls,
    llmCallsPer1MLines: Number(((calls / lines) * 1e6).toFixed(1)),
    barMet: calls <= pairs.size,
    dismissed: rows.filter((r) => r.status === 'dismissed').length,
    unexplained: rows.filter((r) => r.explanation === null).length,
    explanationSource: bySource,
    cacheRows: await running.llm.cache.count(),
    validateStageSeconds: Number(((stageMillis['export:llm-validate'] ?? 0) / 1000).toFixed(2)),
    postgresStageSeconds: Number(((stageMillis['export:postgres'] ?? 0) / 1000).toFixed(2)),
    spentUsdAtListPrice: Number((await running.llm.budget.status()).spentUsd.toFixed(6)),
  };
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [k, v] of Object.entries(result)) process.stdout.write(`${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`);
  await mkdir(join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(join(ROOT, 'bench-results', 'llm.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await test.cleanup();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
