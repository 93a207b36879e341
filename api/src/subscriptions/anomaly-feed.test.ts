import { AnomalyBus, type AnomalyFinding } from '@ailog/processor';
import { describe, expect, it } from 'vitest';
import { AnomalyFeed, matchesFilter } from './anomaly-feed.js';

function finding(overrides: Partial<AnomalyFinding> = {}): AnomalyFinding {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    scope: 'line',
    method: 'combined',
    score: 0.9,
    isAnomaly: true,
    templateId: 't1',
    service: 'web',
    windowStart: at,
    windowEnd: at,
    reasons: [],
    evidence: { signals: [] },
    ...overrides,
  };
}

describe('matchesFilter', () => {
  it('applies service, minScore and method, and skips non-anomalies', () => {
    expect(matchesFilter(finding(), {})).toBe(true);
    expect(matchesFilter(finding({ isAnomaly: false }), {})).toBe(false);
    expect(matchesFilter(finding(), { service: 'billing' })).toBe(false);
    expect(matchesFilter(finding({ score: 0.5 }), { minScore: 0.6 })).toBe(false);
    expect(matchesFilter(finding(), { method: 'rate_zscore' })).toBe(false);
    expect(matchesFilter(finding(), { service: 'web', minScore: 0.9, method: 'combined' })).toBe(true);
  });

  it('delivers open and confirmed anomalies only, not muted, dismissed or false positives', () => {
    expect(matchesFilter(finding({ status: 'open' }), {})).toBe(true);
    expect(matchesFilter(finding({ status: 'confirmed' }), {})).toBe(true);
    expect(matchesFilter(finding({ status: 'muted' }), {})).toBe(false);
    expect(matchesFilter(finding({ status: 'dismissed' }), {})).toBe(false);
    expect(matchesFilter(finding({ status: 'false_positive' }), {})).toBe(false);
  });
});

describe('AnomalyFeed', () => {
  it('delivers matching findings in order and unsubscribes on return', async () => {
    const bus = new AnomalyBus();
    const feed = new AnomalyFeed(bus, 10);
    const it = feed.subscribe({ service: 'web' });
    const pending = it.next();
    bus.publish(finding({ score: 0.7 }));
    bus.publish(finding({ service: 'billing' }));
    bus.publish(finding({ score: 0.8 }));
    expect((await pending).value?.score).toBeCloseTo(0.7);
    expect((await it.next()).value?.score).toBeCloseTo(0.8);
    expect(bus.listenerCount).toBe(1);
    await it.return?.();
    expect(bus.listenerCount).toBe(0);
    expect((await it.next()).done).toBe(true);
  });

  it('drops the oldest when a subscriber falls behind', async () => {
    const bus = new AnomalyBus();
    const feed = new AnomalyFeed(bus, 2);
    const it = feed.subscribe({});
    for (const score of [0.1, 0.2, 0.3]) bus.publish(finding({ score }));
    expect(feed.dropped).toBe(1);
    expect((await it.next()).value?.score).toBeCloseTo(0.2);
  });
});
