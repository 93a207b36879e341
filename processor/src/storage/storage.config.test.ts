import { describe, expect, it } from 'vitest';
import { anomalyDedupKey } from './repositories/anomaly.repository.js';
import { storageConfigSchema } from './storage.config.js';

describe('storageConfigSchema', () => {
  it('defaults to embedded PGlite in ./.ailog without raw text', () => {
    const config = storageConfigSchema.parse({});
    expect(config).toMatchObject({ dataDir: './.ailog', storeRaw: false, poolSize: 4, insertChunkSize: 1000, migrate: true });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('rejects chunk sizes that would exceed the parameter limit', () => {
    expect(storageConfigSchema.safeParse({ insertChunkSize: 10_000 }).success).toBe(false);
  });
});

describe('anomalyDedupKey', () => {
  const base = {
    scope: 'window' as const,
    method: 'rate_zscore',
    score: 0.8,
    isAnomaly: true,
    templateId: 't1',
    service: 'web',
    windowStart: new Date('2026-01-01T00:00:00Z'),
    windowEnd: new Date('2026-01-01T00:01:00Z'),
    reasons: [],
    evidence: { signals: [] },
  };

  it('ignores score and evidence (a re-detection is the same anomaly) but not the window', () => {
    expect(anomalyDedupKey({ ...base, score: 0.9, reasons: ['x'] })).toBe(anomalyDedupKey(base));
    expect(anomalyDedupKey({ ...base, windowEnd: new Date('2026-01-01T00:02:00Z') })).not.toBe(anomalyDedupKey(base));
  });
});
