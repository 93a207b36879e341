import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import type { AnomalyFinding } from '../domain/anomaly.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { emptyBatch, type Batch, type Exporter, type Processor } from '../pipeline/stage.js';
import { extractTraceContext } from './trace-context.js';
import { bindBatchTrace, stageSpanName, stageSpans, stampFindings } from './tracing.pipeline.js';
import { inMemoryTracing } from './tracing-test-kit.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

function finding(traceId?: string): AnomalyFinding {
  const at = new Date(0);
  return { scope: 'line', method: 'test', score: 1, isAnomaly: true, templateId: null, service: null, windowStart: at, windowEnd: at, reasons: [], evidence: { signals: [] }, ...(traceId ? { traceId } : {}) };
}

const detect: Processor = { stage: 'detect', process: (batch: Batch) => void batch.anomalies.push(finding()) };
const failing: Processor = {
  stage: 'embed',
  process: () => {
    throw new Error('model gone');
  },
};

function recordingExporter(name: string, seen: Array<AnomalyFinding[]>): Exporter {
  return { name, export: (batch) => Promise.resolve(void seen.push([...batch.anomalies])) };
}

describe('stage spans', () => {
  it('names processor, persist and publish spans', () => {
    expect(stageSpanName('template')).toEqual({ name: 'template', kind: SpanKind.INTERNAL });
    expect(stageSpanName('export:postgres')).toEqual({ name: 'persist postgres', kind: SpanKind.CLIENT });
    expect(stageSpanName('export:kafka')).toEqual({ name: 'publish kafka', kind: SpanKind.PRODUCER });
  });

  it('puts every stage of a bound batch in its trace and stamps findings before persist', async () => {
    const { tracing, spans } = inMemoryTracing();
    const persisted: Array<AnomalyFinding[]> = [];
    const pipeline = new Pipeline({ processors: [detect], exporters: [recordingExporter('postgres', persisted), recordingExporter('kafka', [])], around: stageSpans(tracing) });
    const batch = emptyBatch();
    bindBatchTrace([batch], extractTraceContext({ traceparent: PARENT }));
    await pipeline.process(batch);

    expect(spans().map((s) => s.name)).toEqual(['detect', 'persist postgres', 'publish kafka']);
    for (const span of spans()) {
      expect(span.spanContext().traceId).toBe(TRACE_ID);
      expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    }
    expect(spans()[0]?.attributes['ailog.batch.anomalies']).toBe(1);
    expect(persisted[0]?.[0]?.traceId).toBe(TRACE_ID);
  });

  it('marks the failing stage and keeps the pipeline error contract', async () => {
    const { tracing, spans } = inMemoryTracing();
    const pipeline = new Pipeline({ processors: [failing], exporters: [], around: stageSpans(tracing) });
    const error = await pipeline.process(emptyBatch()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).stage).toBe('embed');
    expect(spans()[0]?.status.code).toBe(2);
    expect(spans()[0]?.attributes['error.type']).toBe('Error');
  });
});

describe('stampFindings', () => {
  it('sets the trace id only where none is set', () => {
    const batch = emptyBatch();
    batch.anomalies.push(finding(), finding('a'.repeat(32)));
    stampFindings(batch, TRACE_ID);
    expect(batch.anomalies.map((f) => f.traceId)).toEqual([TRACE_ID, 'a'.repeat(32)]);
    stampFindings(batch, null);
    expect(batch.anomalies[0]?.traceId).toBe(TRACE_ID);
  });
});
