import type { AttributeValue } from '../domain/log-record.js';
import type { DecodedEvent } from './decoded-event.js';
import { fieldsToEvent } from './field-mapping.js';

/** Nesting deeper than this is kept as a JSON string: bounds work on adversarial input. */
const MAX_DEPTH = 8;

/** Flattens nested objects into dotted keys; arrays become JSON strings (one attribute each). */
export function flattenObject(
  value: Record<string, unknown>,
  into: Record<string, AttributeValue> = {},
  prefix = '',
  depth = 0,
): Record<string, AttributeValue> {
  for (const key of Object.keys(value)) flattenValue(value[key], into, prefix === '' ? key : `${prefix}.${key}`, depth);
  return into;
}

function flattenValue(v: unknown, into: Record<string, AttributeValue>, name: string, depth: number): void {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') into[name] = v;
  else if (typeof v === 'object' && !Array.isArray(v) && depth < MAX_DEPTH) flattenObject(v as Record<string, unknown>, into, name, depth + 1);
  else if (v !== undefined) into[name] = JSON.stringify(v);
}

/**
 * `flattenObject` of `value` minus two top-level keys: what flattening a rest copy
 * (`const { [a]: _, [b]: __, ...rest } = value`) gives, without making the copy.
 */
export function flattenObjectWithout(value: Record<string, unknown>, skipA: string, skipB: string): Record<string, AttributeValue> {
  const into: Record<string, AttributeValue> = {};
  for (const key of Object.keys(value)) if (key !== skipA && key !== skipB) flattenValue(value[key], into, key, 0);
  return into;
}

/** Result of decoding one JSON line: the event, or why it is not a JSON object. */
export type JsonDecodeResult = { ok: true; event: DecodedEvent } | { ok: false; error: string };

/**
 * Decodes one JSON-lines event. Common keys (message/msg/log/text, level/severity/lvl/log.level,
 * time/timestamp/@timestamp/ts, service/app/service.name/logger, trace_id/traceId/trace.id,
 * span_id/spanId) become fields; the rest become dotted attributes.
 */
export function decodeJsonLine(text: string): JsonDecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message.slice(0, 120) : 'invalid JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, error: 'not a JSON object' };
  }
  return { ok: true, event: decodeJsonObject(parsed as Record<string, unknown>, text) };
}

/**
 * `decodeJsonLine` for a line the caller already parsed into `value` (`JSON.parse(text)`, not
 * changed since): the Kafka decoder sniffs every JSON payload once and must not parse it twice.
 */
export function decodeJsonObject(value: Record<string, unknown>, text: string): DecodedEvent {
  return fieldsToEvent(flattenObject(value), text);
}
