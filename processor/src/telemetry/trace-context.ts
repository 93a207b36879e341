import { context, ROOT_CONTEXT, trace, TraceFlags, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * W3C trace context (`traceparent` / `tracestate`) on plain header maps: Kafka message headers
 * (already decoded to strings by `kafka/`) and HTTP request headers. The propagator is used
 * directly rather than through the global API so nothing depends on global registration.
 */

/** Header maps as they arrive: HTTP gives arrays for repeated headers, Kafka gives strings. */
export type HeaderCarrier = Readonly<Record<string, string | readonly string[] | undefined>>;

const propagator = new W3CTraceContextPropagator();

const getter: TextMapGetter<HeaderCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  // Header names are case-insensitive on HTTP; Kafka shippers are not consistent either.
  get: (carrier, key) => {
    const exact = carrier[key];
    if (exact !== undefined) return typeof exact === 'string' ? exact : [...exact];
    const name = Object.keys(carrier).find((k) => k.toLowerCase() === key);
    const value = name === undefined ? undefined : carrier[name];
    return value === undefined || typeof value === 'string' ? value : [...value];
  },
};

const setter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/**
 * The remote parent named by the headers, on top of `base` (default: no parent). A missing or
 * malformed `traceparent` yields `base` unchanged: a bad header never fails a message.
 */
export function extractTraceContext(headers: HeaderCarrier, base: Context = ROOT_CONTEXT): Context {
  return propagator.extract(base, headers, getter);
}

/** True when the headers carry a valid `traceparent`. */
export function hasTraceParent(headers: HeaderCarrier): boolean {
  return trace.getSpanContext(extractTraceContext(headers)) !== undefined;
}

/**
 * `traceparent` (and `tracestate`) for the active span, to add to an outgoing message; empty
 * when no span is active (tracing off), so callers can always spread it into their headers.
 */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagator.inject(from, headers, setter);
  return headers;
}

/**
 * The trace id of the active (or given) context's span, or null outside a sampled span: an
 * unsampled trace is never exported, so pointing at it (e.g. from an anomaly) would dangle.
 */
export function activeTraceId(from: Context = context.active()): string | null {
  const span = trace.getSpanContext(from);
  if (span === undefined || !trace.isSpanContextValid(span)) return null;
  return (span.traceFlags & TraceFlags.SAMPLED) !== 0 ? span.traceId : null;
}
