import { describe, expect, it } from 'vitest';
import type { AnomalyFinding } from '../domain/anomaly.js';
import { groupIncidents } from './incident-grouping.js';

const minute = 60_000;
function finding(service: string | null, startMin: number, method: string, score: number, isAnomaly = true): AnomalyFinding {
  return {
    scope: 'template',
    method,
    score,
    isAnomaly,
    templateId: `${method}-t`,
    service,
    windowStart: new Date(startMin * minute),
    windowEnd: new Date((startMin + 1) * minute),
    reasons: [method],
    evidence: { signals: [] },
  };
}

describe('groupIncidents', () => {
  it('merges close findings of one service and keeps services and distant bursts apart', () => {
    const incidents = groupIncidents([
      finding('db', 10, 'new_template', 0.9),
      finding('db', 11, 'rate_spike', 0.95),
      finding('db', 13, 'window_forest', 0.8),
      finding('api', 11, 'rate_spike', 0.7),
      finding('db', 40, 'rate_dip', 0.75),
      finding('db', 12, 'rare', 0.99, false),
    ]);
    expect(incidents).toHaveLength(3);
    const [first, second, third] = incidents;
    expect(first?.service).toBe('db');
    expect(first?.methods).toEqual(['rate_spike', 'new_template', 'window_forest']);
    expect(first?.score).toBe(0.95);
    expect(first?.start.getTime()).toBe(10 * minute);
    expect(first?.end.getTime()).toBe(14 * minute);
    expect(second?.service).toBe('api');
    expect(third?.start.getTime()).toBe(40 * minute);
  });

  it('returns nothing for no anomalous findings', () => {
    expect(groupIncidents([finding('db', 1, 'rare', 0.2, false)])).toEqual([]);
  });
});
