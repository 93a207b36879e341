import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { activeTraceId, extractTraceContext, hasTraceParent, traceHeaders } from './trace-context.js';
import { inMemoryTracing } from './tracing-test-kit.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('trace context on header maps', () => {
  it('extracts a W3C traceparent, whatever the header case', () => {
    for (const headers of [{ traceparent: PARENT }, { Traceparent: PARENT }, { traceparent: [PARENT] }]) {
      const span = trace.getSpanContext(extractTraceContext(headers));
      expect(span?.traceId).toBe(TRACE_ID);
      expect(span?.spanId).toBe('00f067aa0ba902b7');
      expect(span?.isRemote).toBe(true);
    }
  });

  it('ignores a missing or malformed traceparent instead of failing', () => {
    expect(hasTraceParent({})).toBe(false);
    expect(hasTraceParent({ traceparent: 'garbage' })).toBe(false);
    expect(hasTraceParent({ traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` })).toBe(false);
    expect(extractTraceContext({ traceparent: 'garbage' })).toBe(ROOT_CONTEXT);
    expect(hasTraceParent({ traceparent: PARENT })).toBe(true);
  });

  it('injects the active span, and nothing outside one', () => {
    expect(traceHeaders()).toEqual({});
    const { tracing } = inMemoryTracing();
    const headers = tracing.tracer.startActiveSpan('publish', (span) => {
      span.end();
      return { headers: traceHeaders(), spanId: span.spanContext().spanId };
    });
    expect(headers.headers.traceparent).toMatch(new RegExp(`^00-[0-9a-f]{32}-${headers.spanId}-01$`));
  });

  it('continues a remote parent: injected headers keep its trace id', () => {
    const { tracing } = inMemoryTracing();
    const parent = extractTraceContext({ traceparent: PARENT });
    const headers = tracing.tracer.startActiveSpan('consume', {}, parent, (span) => {
      span.end();
      return traceHeaders();
    });
    expect(headers.traceparent?.slice(3, 35)).toBe(TRACE_ID);
  });

  it('gives a trace id only for sampled spans', () => {
    expect(activeTraceId()).toBeNull();
    const sampled = extractTraceContext({ traceparent: PARENT });
    expect(activeTraceId(sampled)).toBe(TRACE_ID);
    const unsampled = trace.setSpanContext(context.active(), { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.NONE });
    expect(activeTraceId(unsampled)).toBeNull();
  });
});
