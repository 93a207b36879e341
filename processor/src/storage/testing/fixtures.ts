import type { AnomalyFinding } from '../../domain/anomaly.js';
import type { PipelineRecord } from '../../pipeline/stage.js';

/** A processed record as it reaches the exporter; `i` picks one of three templates. */
export function makeRecord(i: number, stream = 'app.log'): PipelineRecord {
  const templateNo = i % 3;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + i * 1000);
  return {
    record: {
      timestamp: at,
      observedAt: at,
      service: templateNo === 2 ? 'billing' : 'web',
      severity: templateNo === 1 ? 'ERROR' : 'INFO',
      message: `user alice@example.com did thing ${i} kind ${templateNo}`,
      attributes: { host: 'h1' },
      traceId: `trace-${i}`,
      spanId: null,
      source: { receiver: 'file', stream, position: i },
    },
    key: `file:${stream}:${i}`,
    template: { id: `t${templateNo}`, text: `user <*> did thing <*> kind ${templateNo}`, params: ['alice@example.com', String(i)], isNew: false },
    redactedMessage: `user <EMAIL> did thing ${i} kind ${templateNo}`,
    redactedParams: ['<EMAIL>', String(i)],
    redactions: { EMAIL: 1 },
    score: templateNo === 1 ? 0.9 : 0.1,
    isAnomaly: templateNo === 1,
  };
}

export function makeFinding(record: PipelineRecord): AnomalyFinding {
  const at = record.record.timestamp ?? record.record.observedAt;
  return {
    scope: 'line',
    method: 'combined',
    score: 0.9,
    isAnomaly: true,
    templateId: record.template?.id ?? null,
    service: record.record.service,
    windowStart: at,
    windowEnd: at,
    logKey: record.key,
    reasons: ['rare template'],
    evidence: { signals: [{ detector: 'rarity', score: 0.9, detail: { count: 1 } }] },
  };
}
