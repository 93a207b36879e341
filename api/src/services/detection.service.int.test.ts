import { emptyBatch } from '@ailog/processor';
import { PostgresExporter } from '@ailog/processor/exporters/postgres.exporter';
import { makeRecord } from '@ailog/processor/storage/testing/fixtures';
import { openTestDatabase, type TestDatabase } from '@ailog/processor/storage/testing/test-database';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '../auth/api-key.auth.js';
import { DetectionService } from './detection.service.js';

const admin: Principal = { keyId: '1', name: 'admin', role: 'admin' };
const reader: Principal = { keyId: '2', name: 'reader', role: 'reader' };

describe('DetectionService', () => {
  let handle: TestDatabase;
  let service: DetectionService;
  let outlierId: string;

  beforeAll(async () => {
    handle = await openTestDatabase('pglite', inject('databaseUrl'));
    const base = makeRecord(100);
    // one FATAL line of a template seen once, with a wild number, among 40 routine ones
    const outlier = {
      ...base,
      key: 'file:app.log:outlier',
      record: { ...base.record, severity: 'FATAL' as const },
      template: { id: 't9', text: 'user <*> did thing <*> kind 9', params: ['<EMAIL>', '999999'], isNew: true },
      redactedParams: ['<EMAIL>', '999999'],
    };
    await PostgresExporter.fromDatabase(handle.db).export(emptyBatch([...Array.from({ length: 40 }, (_, i) => makeRecord(i)), outlier]));
    outlierId = String(((await handle.db.knex('logs').select('id').where('template_id', 't9').first()) as { id: string | number }).id);
    service = new DetectionService(handle.db);
  });
  afterAll(async () => {
    await handle?.cleanup();
  });

  it('is admin only, for every caller (GraphQL and REST share it)', async () => {
    await expect(service.detect({ method: 'z_score' }, reader)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.score({ id: outlierId }, reader)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('never reports a line of a muted template as an anomaly, but still scores it', async () => {
    const before = await service.detect({ method: 'z_score' }, admin);
    expect(before.anomalies.map((a) => a.logId)).toContain(outlierId);
    expect((await service.score({ id: outlierId, method: 'z_score' }, admin)).isAnomaly).toBe(true);

    await handle.db.knex('templates').where('id', 't9').update({ muted: true });
    const after = await service.detect({ method: 'z_score' }, admin);
    expect(after.anomalies.map((a) => a.logId)).not.toContain(outlierId);
    expect(after.total).toBe(before.total - 1);
    expect(after.scanned).toBe(before.scanned);
    const scored = await service.score({ id: outlierId, method: 'z_score' }, admin);
    expect(scored.isAnomaly).toBe(false);
    expect(scored.anomalyScore).toBeGreaterThan(0.5);
  });
});
