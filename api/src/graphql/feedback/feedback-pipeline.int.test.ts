/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON, checked by the assertions */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnomalyFinding } from '@ailog/processor';
import { parseConfig } from '@ailog/processor/config';
import type { EmbeddingProvider } from '@ailog/processor/embeddings/index';
import { silentLogger } from '@ailog/processor/domain/logger';
import { FileReceiver } from '@ailog/processor/receivers/index';
import { buildPipeline, type RunningPipeline } from '@ailog/processor/runtime/build-pipeline';
import { ingest } from '@ailog/processor/runtime/ingest';
import { BACKENDS } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../testing/api-harness.js';

/** Deterministic toy vectors: dimension 0 = failure words, 1 = routine words, the rest hashed. */
const toyProvider: EmbeddingProvider = {
  name: 'toy',
  model: 'toy-1',
  dimensions: 8,
  embed: (texts) =>
    Promise.resolve(
      texts.map((t) => {
        const v = new Float32Array(8);
        for (const w of t.toLowerCase().split(/\W+/)) {
          if (w === '') continue;
          const slot = /error|fail|full|timeout|refused|denied|fatal/.test(w) ? 0 : /served|ok|request|get/.test(w) ? 1 : 2 + (w.length % 6);
          v[slot] = (v[slot] ?? 0) + 1;
        }
        return v;
      }),
    ),
};

let h: ApiHarness;
let running: RunningPipeline;
let dir: string;
const published: AnomalyFinding[] = [];

const ROUTINE_LINES = 1200;

/** Routine requests every 2 s from 10:00, then `failures` FATAL lines of one template, 1 s apart. */
function dayOf(day: number, failures: number): string[] {
  const start = Date.UTC(2026, 4, day, 10);
  const routine = Array.from({ length: ROUTINE_LINES }, (_, i) => `${new Date(start + i * 2000).toISOString()} INFO web GET /api/items/${i % 50} served in ${10 + (i % 9)} ms`);
  const after = start + ROUTINE_LINES * 2000 + 60_000;
  const failing = Array.from({ length: failures }, (_, i) => `${new Date(after + i * 1000).toISOString()} FATAL web disk full on volume data${i} while writing segment ${i}`);
  return [...routine, ...failing];
}

async function feed(name: string, lines: string[]): Promise<void> {
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  await ingest(new FileReceiver(file, {}).records(), running, { queueCapacity: 2 });
}

async function gql(query: string, variables: Record<string, unknown>, key: string): Promise<any> {
  const res = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

describe.each(BACKENDS)('[%s] feedback changes detection from then on (real pipeline, real HTTP)', (backend) => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ailog-feedback-'));
    published.length = 0;
    h = await startApiHarness(inject('databaseUrl'), 0, {}, backend);
    // refresh on every batch, so the test need not wait for the default 5 s
    const config = parseConfig({ AILOG_FEEDBACK_REFRESH_MS: '0' });
    running = await buildPipeline({ config, logger: silentLogger, db: h.handle.db, embeddingProvider: toyProvider });
    running.bus.subscribe((f) => published.push(f));
  }, 60_000);
  afterAll(async () => {
    await running?.close();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('mute, unmute and false positive given through the API change what the pipeline stores and publishes next', async () => {
    await feed('day1.log', dayOf(1, 3));
    const before = await gql('{ anomalies(first: 50) { items { id templateId status method } } }', {}, h.keys.reader);
    const day1 = before.data.anomalies.items as Array<{ id: string; templateId: string | null; status: string }>;
    const diskFull = day1.find((a) => a.templateId !== null && published.some((p) => p.templateId === a.templateId));
    expect(diskFull).toBeDefined();
    const templateId = diskFull?.templateId as string;

    const muted = await gql(
      'mutation($id: ID!) { feedback(anomalyId: $id, action: MUTE_TEMPLATE, note: "known disk issue") { anomaly { status } } }',
      { id: diskFull?.id },
      h.keys.admin,
    );
    expect(muted.data.feedback.anomaly.status).toBe('muted');

    const publishedBefore = published.length;
    await feed('day2.log', dayOf(8, 60));
    const after = await gql('query($t: String) { anomalies(first: 50, templateId: $t) { items { id status method createdAt } } }', { t: templateId }, h.keys.reader);
    const later = (after.data.anomalies.items as Array<{ id: string; status: string; method: string }>).filter((a) => a.id !== diskFull?.id);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((a) => a.status === 'muted')).toBe(true);
    expect(published.slice(publishedBefore).filter((p) => p.templateId === templateId)).toEqual([]);
    // only the muted template is silenced: the day's other findings were still published
    expect(published.length).toBeGreaterThan(publishedBefore);

    // unmuting restores publication of that template's next anomalies
    const unmuted = await gql('mutation($id: ID!) { feedback(anomalyId: $id, action: UNMUTE_TEMPLATE) { anomaly { status } } }', { id: diskFull?.id }, h.keys.admin);
    expect(unmuted.data.feedback.anomaly.status).toBe('open');
    const beforeDay3 = published.length;
    await feed('day3.log', dayOf(15, 120));
    const day3 = published.slice(beforeDay3).filter((p) => p.templateId === templateId && p.isAnomaly);
    expect(day3.length).toBeGreaterThan(0);

    // a false positive on (template, method) raises that pair's bar from 0.5 to 0.75
    const spikeMethod = day3[0]?.method as string;
    const stored = await gql('query($t: String, $m: String) { anomalies(first: 1, templateId: $t, method: $m, status: "open") { items { id } } }', { t: templateId, m: spikeMethod }, h.keys.reader);
    const fp = await gql('mutation($id: ID!) { feedback(anomalyId: $id, action: FALSE_POSITIVE) { anomaly { status } } }', { id: stored.data.anomalies.items[0].id }, h.keys.reader);
    expect(fp.data.feedback.anomaly.status).toBe('false_positive');
    const beforeDay4 = published.length;
    await feed('day4.log', dayOf(22, 400));
    const day4 = await gql(
      'query($t: String, $m: String) { anomalies(first: 50, templateId: $t, method: $m, onlyAnomalies: false, from: "2026-05-22T00:00:00Z") { items { score isAnomaly status reasons evidence } } }',
      { t: templateId, m: spikeMethod },
      h.keys.reader,
    );
    const judged = day4.data.anomalies.items as Array<{ score: number; isAnomaly: boolean; status: string; reasons: string[]; evidence: { feedback?: { bar: number } } }>;
    expect(judged.length).toBeGreaterThan(0);
    for (const a of judged) {
      expect(a.evidence.feedback?.bar).toBeCloseTo(0.75);
      expect(a.isAnomaly).toBe(a.score >= 0.75);
      if (!a.isAnomaly) expect(a).toMatchObject({ status: 'dismissed', reasons: expect.arrayContaining(['suppressed_by_feedback']) });
    }
    if (judged.every((a) => !a.isAnomaly)) expect(published.slice(beforeDay4).filter((p) => p.templateId === templateId && p.isAnomaly)).toEqual([]);
  }, 120_000);
});
