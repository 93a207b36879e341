import type { AttributeValue } from '../domain/log-record.js';
import type { DecodedEvent } from './decoded-event.js';
import { normalizeSeverity } from './severity.js';
import { parseTimestamp } from './timestamp.js';

/*
 * Well-known key names shared by structured formats (JSON lines, logfmt). Checked in order;
 * the first present key wins and is removed from the attributes.
 */
const MESSAGE_KEYS = ['message', 'msg', 'log', 'text', 'body', 'MESSAGE', 'Message', 'event'];
const LEVEL_KEYS = ['level', 'severity', 'lvl', 'log.level', 'severity_text', 'severityText', 'levelname', 'loglevel', 'Level', 'LEVEL', 'Severity'];
const LEVEL_NUMBER_KEYS = ['severity_number', 'severityNumber'];
const TIME_KEYS = ['time', 'timestamp', '@timestamp', 'ts', 'datetime', 'date', 'Timestamp', 't', 'asctime'];
const SERVICE_KEYS = ['service', 'service.name', 'app', 'application', 'logger', 'logger_name', 'loggerName', 'name', 'component'];
const TRACE_KEYS = ['trace_id', 'traceId', 'trace.id', 'traceid', 'TraceId'];
const SPAN_KEYS = ['span_id', 'spanId', 'span.id', 'spanid', 'SpanId'];

/**
 * The value of the first of `keys` present with a usable value, its key noted in `taken` (the
 * caller leaves taken keys out of the attributes). Nothing is deleted from `fields`: a `delete`
 * turns the object into a slow dictionary, which every later reader of the attributes pays for.
 */
function take(fields: Record<string, AttributeValue>, keys: readonly string[], taken: string[]): AttributeValue | undefined {
  for (const key of keys) {
    if (Object.hasOwn(fields, key) && !taken.includes(key)) {
      const value = fields[key];
      if (value === null || value === '') continue;
      taken.push(key);
      return value;
    }
  }
  return undefined;
}

/** `fields` without the `taken` keys, in the same order, as a fresh object. */
function without(fields: Record<string, AttributeValue>, taken: readonly string[]): Record<string, AttributeValue> {
  if (taken.length === 0) return fields;
  const out: Record<string, AttributeValue> = {};
  for (const key in fields) {
    if (!Object.hasOwn(fields, key) || taken.includes(key)) continue;
    // an own `__proto__` key (logfmt) must stay a property, not become the prototype
    if (key === '__proto__') Object.defineProperty(out, key, { value: fields[key], writable: true, enumerable: true, configurable: true });
    else out[key] = fields[key] as AttributeValue;
  }
  return out;
}

function asText(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

/**
 * Maps flat key/value fields (already flattened with dots) onto a `DecodedEvent`; the keys not
 * recognised stay as attributes. `fallbackMessage` is used when no message key exists, so an
 * event is never empty. `fields` is not changed (the attributes are a copy when keys were taken).
 */
export function fieldsToEvent(fields: Record<string, AttributeValue>, fallbackMessage: string): DecodedEvent {
  const taken: string[] = [];
  const message = asText(take(fields, MESSAGE_KEYS, taken));
  const levelNumber = take(fields, LEVEL_NUMBER_KEYS, taken);
  const level = take(fields, LEVEL_KEYS, taken);
  const time = take(fields, TIME_KEYS, taken);
  const service = asText(take(fields, SERVICE_KEYS, taken));
  const traceId = asText(take(fields, TRACE_KEYS, taken));
  const spanId = asText(take(fields, SPAN_KEYS, taken));
  const attributes = without(fields, taken);
  let severity = normalizeSeverity(level);
  if (severity === 'UNKNOWN' && levelNumber !== undefined) severity = normalizeSeverity(Number(levelNumber), 'otel');
  // An unrecognised level word is still information: keep it rather than drop it.
  if (severity === 'UNKNOWN' && level !== undefined) attributes.level = level;
  const timestamp = parseTimestamp(time);
  if (timestamp === null && time !== undefined) attributes.time = time;
  return { timestamp, service, severity, message: message ?? fallbackMessage, attributes, traceId, spanId };
}
