import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { parseConfig } from '../config.js';
import { createTracing, type Tracing } from './tracing.js';

/** Tracing on, spans kept in memory and exported as each ends (tests only). */
export function inMemoryTracing(env: Record<string, string> = {}): { tracing: Tracing; spans: () => ReadableSpan[] } {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing(parseConfig(env).telemetry, { exporter, exportImmediately: true, scope: 'test' });
  return { tracing, spans: () => exporter.getFinishedSpans() };
}
