import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, buildFeatures, type ScanRow } from './log-features.js';
import { detectionParamsSchema, scoreFeatures } from './on-demand-scorer.js';

const t0 = Date.UTC(2026, 0, 1);

/** 300 routine lines over 5 minutes, plus `extra`. */
function rows(extra: ScanRow[] = []): ScanRow[] {
  const routine = Array.from({ length: 300 }, (_, i): ScanRow => ({
    id: String(i),
    timestamp: new Date(t0 + i * 1000),
    templateId: `t${i % 3}`,
    level: 'INFO',
    parameters: ['<IP>', String(100 + (i % 7))],
    score: 0.1,
  }));
  return [...routine, ...extra];
}

const params = detectionParamsSchema.parse({});

describe('buildFeatures', () => {
  it('describes each line by rarity, rate, severity, numeric shift and the streaming score', () => {
    const odd: ScanRow = { id: 'x', timestamp: new Date(t0 + 10_000), templateId: 't1', level: 'ERROR', parameters: ['<IP>', '90000'], score: 0.9 };
    const features = buildFeatures(rows([odd]));
    expect(features).toHaveLength(301);
    const [routine, outlier] = [features[1], features[300]];
    expect(routine).toHaveLength(FEATURE_NAMES.length);
    expect(outlier?.[2]).toBe(0.8); // severity of ERROR
    expect(outlier?.[3]).toBeGreaterThan(5); // ln(1 + robust z) of 90000 among 100..106
    expect(routine?.[3]).toBeLessThan(1.5);
    expect(outlier?.[4]).toBe(0.9);
  });

  it('gives a singleton template rarity 1 and the only template 0', () => {
    const single = buildFeatures(rows([{ id: 's', timestamp: new Date(t0), templateId: 'once', level: 'INFO', parameters: [], score: null }]));
    expect(single[300]?.[0]).toBeCloseTo(1, 5);
    const one = buildFeatures([{ id: 'a', timestamp: new Date(t0), templateId: 'x', level: 'INFO', parameters: [], score: null }, { id: 'b', timestamp: new Date(t0), templateId: 'x', level: 'INFO', parameters: [], score: null }]);
    expect(one[0]?.[0]).toBe(0);
  });

  it('is empty for no rows', () => {
    expect(buildFeatures([])).toEqual([]);
    expect(scoreFeatures([], 'iqr', params)).toEqual([]);
  });
});

describe('scoreFeatures', () => {
  const odd: ScanRow = { id: 'x', timestamp: new Date(t0 + 10_000), templateId: 'rare', level: 'FATAL', parameters: [], score: 0.95 };

  it.each(['isolation_forest', 'z_score', 'iqr'] as const)('%s ranks the one odd line first and flags it', (method) => {
    const scores = scoreFeatures(buildFeatures(rows([odd])), method, params);
    const best = scores.reduce((b, s, i) => (s.score > (scores[b]?.score ?? 0) ? i : b), 0);
    expect(best).toBe(300);
    expect(scores[300]?.isAnomaly).toBe(true);
    expect(scores[300]?.score).toBeGreaterThan(0.5);
  });

  it('flags nothing on clean data (z-score, IQR) and names the driving feature', () => {
    const clean = buildFeatures(rows());
    expect(scoreFeatures(clean, 'z_score', params).filter((s) => s.isAnomaly)).toEqual([]);
    expect(scoreFeatures(clean, 'iqr', params).filter((s) => s.isAnomaly)).toEqual([]);
    const withOdd = scoreFeatures(buildFeatures(rows([odd])), 'z_score', params);
    expect(FEATURE_NAMES).toContain(withOdd[300]?.driver);
  });

  it('isolation forest keeps at most the contamination share and is deterministic', () => {
    const features = buildFeatures(rows([odd]));
    const a = scoreFeatures(features, 'isolation_forest', detectionParamsSchema.parse({ contamination: 0.01 }));
    const b = scoreFeatures(features, 'isolation_forest', detectionParamsSchema.parse({ contamination: 0.01 }));
    expect(a).toEqual(b);
    expect(a.filter((s) => s.isAnomaly).length).toBeLessThanOrEqual(Math.ceil(0.01 * 301));
  });
});
