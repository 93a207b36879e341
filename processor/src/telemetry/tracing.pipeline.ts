import { context, SpanKind, type Context, type Span } from '@opentelemetry/api';
import type { StageWrapper } from '../pipeline/pipeline.js';
import type { Batch } from '../pipeline/stage.js';
import { activeTraceId } from './trace-context.js';
import { withSpan, type Tracing } from './tracing.js';

/**
 * Spans around the pipeline's stages. The parent of a batch's stage spans is the context bound
 * to that batch (the Kafka fetch span), not whatever is active when a stage runs: the service
 * processes one batch while earlier ones are still exporting, and a serial lane may run a
 * stage from another batch's async chain.
 */

const batchContexts = new WeakMap<Batch, Context>();

/** Makes `parent` (default: the active context) the parent of every stage span of these batches. */
export function bindBatchTrace(batches: readonly Batch[], parent: Context = context.active()): void {
  for (const batch of batches) batchContexts.set(batch, parent);
}

/** Exporters that hand data to other consumers rather than storing it. */
const PUBLISHERS = new Set(['kafka', 'anomaly-bus']);

/** Span name and kind of a stage label (`template`, `export:postgres`, ...). */
export function stageSpanName(label: string): { name: string; kind: SpanKind } {
  if (!label.startsWith('export:')) return { name: label, kind: SpanKind.INTERNAL };
  const exporter = label.slice('export:'.length);
  return PUBLISHERS.has(exporter) ? { name: `publish ${exporter}`, kind: SpanKind.PRODUCER } : { name: `persist ${exporter}`, kind: SpanKind.CLIENT };
}

/**
 * A `PipelineOptions.around` hook that runs each stage in a span, child of the batch's bound
 * context. After each processor stage, findings without a trace id get this trace's id, so the
 * stored anomaly links to the trace that found it (the persist stage runs after them).
 */
export function stageSpans(tracing: Tracing): StageWrapper {
  const { tracer } = tracing;
  return (label, batch, run) => {
    const { name, kind } = stageSpanName(label);
    const parent = batchContexts.get(batch) ?? context.active();
    return withSpan(
      tracer,
      name,
      { kind, attributes: { 'ailog.stage': label, 'ailog.batch.records': batch.records.length } },
      async (span) => {
        await run();
        annotate(span, batch);
        if (kind === SpanKind.INTERNAL) stampFindings(batch, activeTraceId());
      },
      parent,
    );
  };
}

function annotate(span: Span, batch: Batch): void {
  if (!span.isRecording()) return;
  span.setAttribute('ailog.batch.anomalies', batch.anomalies.length);
  span.setAttribute('ailog.batch.dead_letters', batch.deadLetters.length);
}

/** Sets `traceId` on findings that have none; a finding is immutable, so it is replaced. */
export function stampFindings(batch: Batch, traceId: string | null): void {
  if (traceId === null) return;
  batch.anomalies.forEach((finding, i) => {
    if (finding.traceId === undefined || finding.traceId === null) batch.anomalies[i] = { ...finding, traceId };
  });
}
