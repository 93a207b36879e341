import { describe, expect, it } from 'vitest';
import type { AnomalyFinding } from '../domain/anomaly.js';
import { AppError } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';
import { emptyBatch, type PipelineRecord } from '../pipeline/stage.js';
import {
  anomaliesFound,
  batchSize,
  dbWriteDuration,
  linesDeadLettered,
  linesFailed,
  linesProcessed,
  linesReceived,
  severityOf,
  stageDuration,
  templatesNew,
} from './metrics.js';
import { composeObservers, countFailed, countReceived, createMetricsObserver } from './metrics.observer.js';
import { metricValue } from './metrics.test-helpers.js';

function record(i: number, receiver = 'unit-test'): LogRecord {
  return {
    timestamp: null,
    observedAt: new Date(0),
    service: null,
    severity: 'INFO',
    message: `line ${i}`,
    attributes: {},
    traceId: null,
    spanId: null,
    source: { receiver, stream: 's', position: i },
  };
}

function items(n: number, fresh = 0): PipelineRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    record: record(i),
    key: `k${i}`,
    template: { id: `t${i}`, text: 't', params: [], isNew: i < fresh },
  }));
}

function finding(method: string, score: number, isAnomaly = true): AnomalyFinding {
  return {
    scope: 'line',
    method,
    score,
    isAnomaly,
    templateId: null,
    service: null,
    windowStart: new Date(0),
    windowEnd: new Date(0),
    reasons: [],
    evidence: { signals: [] },
  };
}

describe('createMetricsObserver', () => {
  it('times stages, counts lines per stage and the batch size once per batch', async () => {
    const observe = createMetricsObserver();
    const batch = emptyBatch(items(7));
    const before = {
      template: await metricValue(linesProcessed, { stage: 'template' }),
      redact: await metricValue(linesProcessed, { stage: 'redact' }),
      timed: await metricValue(stageDuration, { stage: 'redact' }, 'ailog_stage_duration_seconds_count'),
      batches: await metricValue(batchSize, {}, 'ailog_batch_size_count'),
      sizes: await metricValue(batchSize, {}, 'ailog_batch_size_sum'),
    };
    observe('template', 2, batch);
    observe('redact', 3, batch);
    expect(await metricValue(linesProcessed, { stage: 'template' })).toBe(before.template + 7);
    expect(await metricValue(linesProcessed, { stage: 'redact' })).toBe(before.redact + 7);
    expect(await metricValue(stageDuration, { stage: 'redact' }, 'ailog_stage_duration_seconds_count')).toBe(before.timed + 1);
    expect(await metricValue(batchSize, {}, 'ailog_batch_size_count')).toBe(before.batches + 1);
    expect(await metricValue(batchSize, {}, 'ailog_batch_size_sum')).toBe(before.sizes + 7);
  });

  it('counts new templates at the template stage only', async () => {
    const observe = createMetricsObserver();
    const before = await metricValue(templatesNew);
    const batch = emptyBatch(items(5, 2));
    observe('template', 1, batch);
    observe('redact', 1, batch);
    expect(await metricValue(templatesNew)).toBe(before + 2);
  });

  it('counts each anomaly and dead letter once, whichever stage appended it', async () => {
    const observe = createMetricsObserver();
    const batch = emptyBatch(items(3));
    const letters = async (): Promise<number> => metricValue(linesDeadLettered, { stage: 'decode' });
    const critical = async (): Promise<number> => metricValue(anomaliesFound, { method: 'unit_method', severity: 'critical' });
    const medium = async (): Promise<number> => metricValue(anomaliesFound, { method: 'unit_method', severity: 'medium' });
    const before = { letters: await letters(), critical: await critical(), medium: await medium() };
    batch.deadLetters.push({ stage: 'decode', reason: 'bad', source: 'x', sample: '' });
    observe('template', 1, batch);
    batch.anomalies.push(finding('unit_method', 0.95), finding('unit_method', 0.6), finding('unit_method', 0.99, false));
    observe('detect', 1, batch);
    observe('export:postgres', 1, batch);
    expect(await letters()).toBe(before.letters + 1);
    expect(await critical()).toBe(before.critical + 1);
    expect(await medium()).toBe(before.medium + 1);
  });

  it('takes the PostgreSQL exporter time as the database write latency', async () => {
    const observe = createMetricsObserver();
    const count = async (): Promise<number> => metricValue(dbWriteDuration, {}, 'ailog_db_write_duration_seconds_count');
    const sum = async (): Promise<number> => metricValue(dbWriteDuration, {}, 'ailog_db_write_duration_seconds_sum');
    const before = { count: await count(), sum: await sum() };
    const batch = emptyBatch(items(1));
    observe('export:kafka', 100, batch);
    observe('export:postgres', 250, batch);
    expect(await count()).toBe(before.count + 1);
    expect((await sum()) - before.sum).toBeCloseTo(0.25, 6);
  });

  it('skips the batch-size histogram for empty flush batches', async () => {
    const observe = createMetricsObserver();
    const before = await metricValue(batchSize, {}, 'ailog_batch_size_count');
    observe('detect', 1, emptyBatch());
    expect(await metricValue(batchSize, {}, 'ailog_batch_size_count')).toBe(before);
  });
});

describe('countReceived / countFailed', () => {
  it('counts received lines per receiver', async () => {
    const before = { a: await metricValue(linesReceived, { receiver: 'rx-a' }), b: await metricValue(linesReceived, { receiver: 'rx-b' }) };
    countReceived([record(1, 'rx-a'), record(2, 'rx-b'), record(3, 'rx-a')]);
    countReceived([]);
    expect(await metricValue(linesReceived, { receiver: 'rx-a' })).toBe(before.a + 2);
    expect(await metricValue(linesReceived, { receiver: 'rx-b' })).toBe(before.b + 1);
  });

  it('charges failed lines to the error stage, or unknown', async () => {
    const before = { persist: await metricValue(linesFailed, { stage: 'persist' }), unknown: await metricValue(linesFailed, { stage: 'unknown' }) };
    countFailed(new AppError('db down', { stage: 'persist', retriable: true }), 10);
    countFailed(new Error('bug'), 4);
    countFailed(new Error('nothing lost'), 0);
    expect(await metricValue(linesFailed, { stage: 'persist' })).toBe(before.persist + 10);
    expect(await metricValue(linesFailed, { stage: 'unknown' })).toBe(before.unknown + 4);
  });

  it('starts known failure series at zero so dashboards read 0, not no data', async () => {
    const { values } = await linesFailed.get();
    expect(values.map((v) => v.labels.stage)).toEqual(expect.arrayContaining(['persist', 'template', 'decode']));
  });
});

describe('composeObservers / severityOf', () => {
  it('calls every present observer in order', () => {
    const seen: string[] = [];
    const composed = composeObservers((s) => seen.push(`a:${s}`), undefined, (s) => seen.push(`b:${s}`));
    composed('template', 1, emptyBatch());
    expect(seen).toEqual(['a:template', 'b:template']);
  });

  it('maps scores to four severities', () => {
    expect([0.95, 0.8, 0.5, 0.1].map(severityOf)).toEqual(['critical', 'high', 'medium', 'low']);
  });
});
