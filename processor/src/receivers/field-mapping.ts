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

function take(fields: Record<string, AttributeValue>, keys: readonly string[]): AttributeValue | undefined {
  for (const key of keys) {
    if (Object.hasOwn(fields, key)) {
      const value = fields[key];
      if (value === null || value === '') continue;
      delete fields[key];
      return value;
    }
  }
  return undefined;
}

function asText(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

/**
 * Maps flat key/value fields (already flattened with dots) onto a `DecodedEvent`; the keys not
 * recognised stay as attributes. `fallbackMessage` is used when no message key exists, so an
 * event is never empty. Mutates `fields`.
 */
export function fieldsToEvent(fields: Record<string, AttributeValue>, fallbackMessage: string): DecodedEvent {
  const message = asText(take(fields, MESSAGE_KEYS));
  const levelNumber = take(fields, LEVEL_NUMBER_KEYS);
  const level = take(fields, LEVEL_KEYS);
  let severity = normalizeSeverity(level);
  if (severity === 'UNKNOWN' && levelNumber !== undefined) severity = normalizeSeverity(Number(levelNumber), 'otel');
  // An unrecognised level word is still information: keep it rather than drop it.
  if (severity === 'UNKNOWN' && level !== undefined) fields.level = level;
  const time = take(fields, TIME_KEYS);
  const timestamp = parseTimestamp(time);
  if (timestamp === null && time !== undefined) fields.time = time;
  return {
    timestamp,
    service: asText(take(fields, SERVICE_KEYS)),
    severity,
    message: message ?? fallbackMessage,
    attributes: fields,
    traceId: asText(take(fields, TRACE_KEYS)),
    spanId: asText(take(fields, SPAN_KEYS)),
  };
}
