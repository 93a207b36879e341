/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON, checked by the assertions */
import { emptyBatch } from '@ailog/processor';
import { PostgresExporter } from '@ailog/processor/exporters/postgres.exporter';
import { FeedbackRepository } from '@ailog/processor/storage/repositories/feedback.repository';
import { makeRecord } from '@ailog/processor/storage/testing/fixtures';
import { BACKENDS } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../../testing/api-harness.js';

describe.each(BACKENDS)('[%s]', (backend) => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await startApiHarness(inject('databaseUrl'), 60, {}, backend);
    // one outlier among the 60 fixture lines: a FATAL line of a template seen once, with a wild number
    const base = makeRecord(100);
    const outlier = {
      ...base,
      key: 'file:app.log:outlier',
      record: { ...base.record, severity: 'FATAL' as const },
      template: { id: 't9', text: 'user <*> did thing <*> kind 9', params: ['<EMAIL>', '999999'], isNew: true },
      redactedParams: ['<EMAIL>', '999999'],
    };
    await PostgresExporter.fromDatabase(h.handle.db).export(emptyBatch([outlier]));
  });
  afterAll(async () => {
    await h?.close();
  });

  async function post(path: string, body: unknown, key?: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${h.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  async function gql(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<{ status: number; body: any }> {
    return post('/graphql', { query, variables }, key);
  }

  const DETECT = `mutation($method: DetectionMethod!, $params: DetectionParams) {
    detectAnomalies(method: $method, params: $params, first: 5) { method total scanned truncated anomalies { logId anomalyScore driver } }
  }`;

  describe('on-demand detection', () => {
    it('REST: refuses no key (401) and a reader (403); an admin gets the seed shape for each method', async () => {
      expect((await post('/api/v1/logs/anomaly-detection/z-score', {})).status).toBe(401);
      const reader = await post('/api/v1/logs/anomaly-detection/z-score', {}, h.keys.reader);
      expect(reader.status).toBe(403);
      expect(reader.body.error.code).toBe('FORBIDDEN');
      for (const [path, method] of [['isolation-forest', 'isolation_forest'], ['z-score', 'z_score'], ['iqr', 'iqr']] as const) {
        const res = await post(`/api/v1/logs/anomaly-detection/${path}`, { threshold: 1, multiplier: 0.5, contamination: 0.2 }, h.keys.admin);
        expect(res.status, path).toBe(200);
        expect(res.body).toMatchObject({ method, logs_scanned: 61, truncated: false });
        expect(res.body.total).toBe(res.body.anomalies.length);
        for (const a of res.body.anomalies) {
          expect(a.anomaly_score).toBeGreaterThanOrEqual(0.5);
          expect(a.anomaly_score).toBeLessThanOrEqual(1);
          expect(typeof a.log_id).toBe('string');
        }
      }
    });

    it('ranks the outlier first with every method, filters by service and time, rejects bad params', async () => {
      const fatal = (await fetch(`${h.baseUrl}/api/v1/logs/search?level=FATAL`, { headers: { 'x-api-key': h.keys.reader } }).then((r) => r.json())) as any;
      const outlierId = fatal.results[0].id as string;
      for (const path of ['isolation-forest', 'z-score', 'iqr']) {
        const res = await post(`/api/v1/logs/anomaly-detection/${path}`, {}, h.keys.admin);
        expect(res.body.anomalies[0]?.log_id, path).toBe(outlierId);
      }
      // the routine lines are not anomalies by default (z ≥ 3)
      const z = await post('/api/v1/logs/anomaly-detection/z-score', {}, h.keys.admin);
      expect(z.body.total).toBe(1);

      const billing = await post('/api/v1/logs/anomaly-detection/z-score', { service: 'billing', end_time: '2026-01-01T00:00:29Z' }, h.keys.admin);
      expect(billing.body.logs_scanned).toBe(10);
      const bad = await post('/api/v1/logs/anomaly-detection/iqr', { multiplier: -1 }, h.keys.admin);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('BAD_INPUT');
    });

    it('REST scores one line with its features; 404 for an unknown line', async () => {
      const page = (await fetch(`${h.baseUrl}/api/v1/logs/search?level=ERROR&limit=1`, { headers: { 'x-api-key': h.keys.reader } }).then((r) => r.json())) as any;
      const id = page.results[0].id as string;
      const scored = await post(`/api/v1/logs/anomaly-detection/score/${id}`, { method: 'z-score', threshold: 1 }, h.keys.admin);
      expect(scored.status).toBe(200);
      expect(scored.body).toMatchObject({ log_id: id, method: 'z_score', is_anomaly: true });
      expect(scored.body.features.severity).toBe(0.8);
      expect(Object.keys(scored.body.features).sort()).toEqual(['paramShift', 'pipelineScore', 'rarity', 'rateZ', 'severity']);
      expect((await post(`/api/v1/logs/anomaly-detection/score/${id}`, {}, h.keys.reader)).status).toBe(403);
      expect((await post(`/api/v1/logs/anomaly-detection/score/${id}`, {})).status).toBe(401);
      expect((await post('/api/v1/logs/anomaly-detection/score/99999', {}, h.keys.admin)).status).toBe(404);
    });

    it('GraphQL detectAnomalies and scoreLog: admin only', async () => {
      const refused = await gql(DETECT, { method: 'IQR' }, h.keys.reader);
      expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect((await gql(DETECT, { method: 'IQR' })).status).toBe(401);
      const res = await gql(DETECT, { method: 'Z_SCORE', params: { threshold: 1, service: 'web' } }, h.keys.admin);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.detectAnomalies).toMatchObject({ method: 'Z_SCORE', scanned: 41, truncated: false });
      const found = res.body.data.detectAnomalies.anomalies;
      expect(found.length).toBeGreaterThan(0);
      expect(found.length).toBeLessThanOrEqual(5);
      expect(found[0].driver).not.toBeNull();

      const score = 'mutation($id: ID!) { scoreLog(id: $id, method: ISOLATION_FOREST) { logId anomalyScore isAnomaly features baselineSize } }';
      const one = await gql(score, { id: found[0].logId }, h.keys.admin);
      expect(one.body.data.scoreLog).toMatchObject({ logId: found[0].logId });
      expect((await gql(score, { id: found[0].logId }, h.keys.reader)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    });
  });

  const FEEDBACK = `mutation($id: ID!, $action: FeedbackAction!, $note: String) {
    feedback(anomalyId: $id, action: $action, note: $note) { id action apiKeyId templateId method note anomaly { id status feedback } }
  }`;

  describe('feedback', () => {
    async function anomalyIds(): Promise<string[]> {
      const res = await gql('{ anomalies(first: 20, sort: TIME) { items { id templateId } } }', {}, h.keys.reader);
      return res.body.data.anomalies.items.map((a: { id: string }) => a.id);
    }

    it('lets a reader confirm or mark a false positive, stored with who and why', async () => {
      const [first, second] = await anomalyIds();
      const fp = await gql(FEEDBACK, { id: first, action: 'FALSE_POSITIVE', note: 'deploy noise' }, h.keys.reader);
      expect(fp.body.errors).toBeUndefined();
      expect(fp.body.data.feedback).toMatchObject({ action: 'FALSE_POSITIVE', templateId: 't1', method: 'combined', note: 'deploy noise', anomaly: { id: first, status: 'false_positive', feedback: 'deploy noise' } });
      expect(fp.body.data.feedback.apiKeyId).not.toBeNull();
      const ok = await gql(FEEDBACK, { id: second, action: 'CONFIRM' }, h.keys.reader);
      expect(ok.body.data.feedback.anomaly).toMatchObject({ status: 'confirmed', feedback: 'confirm' });
      // one false positive, one confirmation on the same (template, method): net zero, no rule
      const rules = await new FeedbackRepository(h.handle.db.knex).loadRules();
      expect(rules.falsePositives).toEqual([]);
    });

    it('needs admin to mute or unmute; muting flags the template and the anomaly', async () => {
      const [id] = await anomalyIds();
      expect((await gql(FEEDBACK, { id, action: 'MUTE_TEMPLATE' })).status).toBe(401);
      const refused = await gql(FEEDBACK, { id, action: 'MUTE_TEMPLATE' }, h.keys.reader);
      expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
      const muted = await gql(FEEDBACK, { id, action: 'MUTE_TEMPLATE' }, h.keys.admin);
      expect(muted.body.data.feedback.anomaly.status).toBe('muted');
      const templates = await gql('{ templates { items { id muted } } }', {}, h.keys.reader);
      expect(templates.body.data.templates.items).toContainEqual({ id: 't1', muted: true });
      expect((await new FeedbackRepository(h.handle.db.knex).loadRules()).mutedTemplates).toEqual(['t1']);
      const unmuted = await gql(FEEDBACK, { id, action: 'UNMUTE_TEMPLATE' }, h.keys.admin);
      expect(unmuted.body.data.feedback.anomaly.status).toBe('open');
      expect((await new FeedbackRepository(h.handle.db.knex).loadRules()).mutedTemplates).toEqual([]);
    });

    it('answers NOT_FOUND and BAD_INPUT in the common shape', async () => {
      const missing = await gql(FEEDBACK, { id: '987654', action: 'CONFIRM' }, h.keys.reader);
      expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
      const bad = await gql(FEEDBACK, { id: 'abc', action: 'CONFIRM' }, h.keys.reader);
      expect(bad.body.errors[0].extensions.code).toBe('BAD_INPUT');
    });
  });

  describe('GraphQL cost limit', () => {
    it('refuses a query whose nested lists multiply past the limit, with QUERY_TOO_COSTLY', async () => {
      const ok = await gql('{ logs(first: 1000) { items { id message level service } } }', {}, h.keys.reader);
      expect(ok.status).toBe(200);
      const items = Array.from({ length: 60 }, (_, i) => `a${i}: message`).join(' ');
      const costly = await gql(`{ logs(first: 1000) { items { id ${items} } } }`, {}, h.keys.reader);
      expect(costly.status).toBe(400);
      expect(costly.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 50_000 });
      expect(costly.body.errors[0].message).toMatch(/^query cost \d+ exceeds the limit of 50000/);
    });

    it('costs a page-size variable at the value sent, not at its default', async () => {
      const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: logs(first: $n) { items { id message } }`).join(' ');
      const query = `query($n: Int = 1) { ${aliases} }`;
      expect((await gql(query, {}, h.keys.reader)).status).toBe(200);
      const costly = await gql(query, { n: 1000 }, h.keys.reader);
      expect(costly.status).toBe(400);
      expect(costly.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 50_000 });
      expect(costly.body.data).toBeUndefined();
    });
  });
});
