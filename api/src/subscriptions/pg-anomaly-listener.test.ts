import type { AnomalyDto } from '@ailog/processor/storage/index';
import { describe, expect, it } from 'vitest';
import { findingOf, idsOfPayload } from './pg-anomaly-listener.js';

describe('idsOfPayload', () => {
  it('keeps numeric ids and ignores anything else', () => {
    expect(idsOfPayload(undefined)).toEqual([]);
    expect(idsOfPayload('')).toEqual([]);
    expect(idsOfPayload('1,22,333')).toEqual(['1', '22', '333']);
    expect(idsOfPayload("4,x,5;drop table,6")).toEqual(['4', '6']);
  });
});

describe('findingOf', () => {
  it('turns a stored row back into the finding the subscription carries', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const dto = {
      id: '7', dedupKey: 'd', scope: 'line', method: 'combined', score: 0.8, isAnomaly: true, templateId: 't1', service: 'web',
      windowStart: at, windowEnd: at, sessionKey: null, logId: '3', logKey: 'k', evidence: { signals: [] }, reasons: ['r'],
      explanation: null, explanationSource: null, status: 'open', feedback: null, traceId: null, createdAt: at,
    } satisfies AnomalyDto;
    expect(findingOf(dto)).toEqual({
      scope: 'line', method: 'combined', score: 0.8, isAnomaly: true, templateId: 't1', service: 'web',
      windowStart: at, windowEnd: at, sessionKey: null, logKey: 'k', reasons: ['r'], evidence: { signals: [] }, status: 'open',
    });
    expect(findingOf({ ...dto, status: 'muted' }).status).toBe('muted');
  });
});
