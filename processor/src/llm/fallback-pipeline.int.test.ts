import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../config.js';
import { silentLogger } from '../domain/logger.js';
import { FileReceiver } from '../receivers/index.js';
import { buildPipeline } from '../runtime/build-pipeline.js';
import { ingest } from '../runtime/ingest.js';
import { openTestDatabase, type TestDatabase } from '../storage/testing/test-database.js';
import { generateScenario } from '../synthetic/index.js';
import type { Explanation } from './explanation.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const EMBEDDING_CACHE = join(ROOT, '.cache/embeddings');

interface Row {
  method: string;
  service: string | null;
  window_start: Date;
  explanation: Explanation | null;
  explanation_source: string | null;
}

describe('fallback explanations on the real pipeline (LLM off)', () => {
  let test: TestDatabase;
  let dir: string;
  let rows: Row[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ailog-llm-fallback-'));
    test = await openTestDatabase('postgres', inject('databaseUrl'));
    const scenario = generateScenario({ seed: 11, durationMinutes: 60, linesPerMinute: 300 });
    const file = join(dir, 'scenario.log');
    await writeFile(file, `${scenario.lines.join('\n')}\n`);
    const running = await buildPipeline({ config: parseConfig({ AILOG_EMBEDDING_CACHE_DIR: EMBEDDING_CACHE }), logger: silentLogger, db: test.db });
    try {
      await ingest(new FileReceiver(file, {}).records(), running, { queueCapacity: 2 });
    } finally {
      await running.close();
    }
    rows = await test.db.knex<Row>('anomalies').select('method', 'service', 'window_start', 'explanation', 'explanation_source');
  }, 240_000);

  afterAll(async () => {
    await test.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every stored anomaly a fallback explanation, skipped because the LLM is off', () => {
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row.explanation_source).toBe('fallback');
      expect(row.explanation?.skipped).toBe('disabled');
    }
  });

  it('states what changed, since when and which service, in readable sentences', () => {
    for (const row of rows) {
      const e = row.explanation as Explanation;
      expect(e.facts.since).toBe(new Date(row.window_start).toISOString());
      expect(e.summary).toContain(e.facts.since);
      expect(e.summary).toMatch(/^[A-Z][a-z]+ anomaly/);
      if (row.service !== null) expect(e.summary).toContain(` in ${row.service}`);
      expect(e.facts.what.length).toBeGreaterThan(3);
      expect(e.likelyCause?.length).toBeGreaterThan(10);
      expect(e.nextSteps.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('carries magnitudes for rate findings and the nearest normal pattern where the detector knew it', () => {
    const explained = rows.map((r) => r.explanation as Explanation);
    const withMagnitude = explained.filter((e) => e.facts.signal.startsWith('rate') && e.facts.magnitude !== null);
    const withNearest = explained.filter((e) => e.facts.nearestNormal !== null);
    expect(withMagnitude.length + withNearest.length).toBeGreaterThan(0);
    for (const e of withMagnitude) expect(e.facts.magnitude).toMatch(/^\d+(\.\d+)? against a baseline of \d/);
    for (const e of withNearest) expect(e.summary).toContain('Nearest normal pattern: "');
  });
});
