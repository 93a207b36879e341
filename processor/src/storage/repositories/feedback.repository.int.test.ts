import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PostgresExporter } from '../../exporters/postgres.exporter.js';
import { emptyBatch } from '../../pipeline/stage.js';
import { makeFinding, makeRecord } from '../testing/fixtures.js';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.js';
import { FeedbackRepository } from './feedback.repository.js';

describe('FeedbackRepository rules', () => {
  let handle: TestDatabase;
  let repo: FeedbackRepository;
  let ids: string[];

  beforeAll(async () => {
    handle = await openTestDatabase('pglite', inject('databaseUrl'));
    const batch = emptyBatch(Array.from({ length: 12 }, (_, i) => makeRecord(i)));
    batch.anomalies.push(...batch.records.filter((r) => r.isAnomaly).map(makeFinding));
    await PostgresExporter.fromDatabase(handle.db).export(batch);
    repo = new FeedbackRepository(handle.db.knex);
    const rows = (await handle.db.knex('anomalies').select('id', 'template_id').orderBy('id')) as Array<{ id: string | number; template_id: string }>;
    // four anomalies, all of one template and method, so their verdicts add up on one pair
    await handle.db.knex('anomalies').update({ template_id: rows[0]!.template_id });
    ids = rows.map((r) => String(r.id));
  });
  afterAll(async () => {
    await handle?.cleanup();
  });

  const judge = (anomalyId: string, action: 'false_positive' | 'confirm') => repo.record({ anomalyId, action, apiKeyId: null, note: null });
  const netFalsePositives = async (): Promise<number[]> => (await repo.loadRules()).falsePositives.map((p) => p.count);

  it('counts each anomaly once, by its latest verdict, however often one key repeats it', async () => {
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 5; i += 1) await judge(ids[0]!, 'false_positive');
    expect(await netFalsePositives()).toEqual([1]);
    await judge(ids[1]!, 'false_positive');
    expect(await netFalsePositives()).toEqual([2]);
    // changed its mind: the latest verdict on ids[1] is a confirmation (−1), the earlier one no longer counts
    await judge(ids[1]!, 'confirm');
    expect(await netFalsePositives()).toEqual([]);
    await judge(ids[2]!, 'false_positive');
    expect(await netFalsePositives()).toEqual([1]);
  });

  it('changes version when a row with a lower id commits after a higher one (sequence ≠ commit order)', async () => {
    const knex = handle.db.knex;
    const [anomalyId] = ids;
    const base = { action: 'false_positive', anomaly_id: anomalyId, template_id: 't-race', method: 'combined' };
    // ids are drawn from the sequence before commit: reserve two, commit the higher one first
    const drawn = await knex.raw<{ rows: Array<{ a: string; b: string }> }>(
      `select nextval(pg_get_serial_sequence('feedback', 'id')) as a, nextval(pg_get_serial_sequence('feedback', 'id')) as b`,
    );
    const { a: lower, b: higher } = drawn.rows[0]!;
    await knex('feedback').insert({ ...base, id: higher });
    const seen = await repo.version();
    await knex('feedback').insert({ ...base, id: lower });
    expect(await repo.version()).not.toBe(seen);
    expect((await repo.loadRules()).version).toBe(await repo.version());
  });
});
