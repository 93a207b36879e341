import { BadInputError } from '../domain/errors.js';
import type { AttributeValue, LogRecord, RecordSource } from '../domain/log-record.js';
import { parseJsonObject, textDecoderOf, type PayloadDecodeOptions } from './fluent-bit.receiver.js';
import { normalizeSeverity, severityFromOtel } from './severity.js';

/** A protobuf-JSON `AnyValue`: exactly one of these fields is set. */
interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
}
interface KeyValue {
  key?: string;
  value?: AnyValue;
}

/** Nesting bound for adversarial payloads; deeper values are cut to null. */
const MAX_DEPTH = 16;

/** `AnyValue` → plain JSON value (int64 kept as number when safe, else as string). */
function plain(value: AnyValue | undefined, depth = 0): unknown {
  if (value === undefined || value === null || depth > MAX_DEPTH) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map((v) => plain(v, depth + 1));
  if (value.kvlistValue !== undefined) return kvObject(value.kvlistValue.values, depth + 1);
  return null;
}

function kvObject(values: KeyValue[] | undefined, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of Array.isArray(values) ? values : []) if (typeof kv.key === 'string') out[kv.key] = plain(kv.value, depth);
  return out;
}

/** Attribute list → flat attributes; structured values become JSON text (one attribute each). */
function attributes(list: unknown, into: Record<string, AttributeValue> = {}, prefix = ''): Record<string, AttributeValue> {
  if (!Array.isArray(list)) return into;
  for (const kv of list as KeyValue[]) {
    if (typeof kv?.key !== 'string') continue;
    const v = plain(kv.value);
    into[prefix + kv.key] = v === null || typeof v !== 'object' ? (v as AttributeValue) : JSON.stringify(v);
  }
  return into;
}

function bodyText(body: AnyValue | undefined): string {
  if (body === undefined || body === null) return '';
  if (typeof body.stringValue === 'string') return body.stringValue;
  const v = plain(body);
  return typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v);
}

/** Unix nanoseconds (string or number) → Date; 0/absent means "unknown" in OTLP. */
function fromNanos(value: unknown): Date | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  try {
    const ms = Number(BigInt(typeof value === 'number' ? Math.trunc(value) : value.trim()) / 1_000_000n);
    return ms > 0 ? new Date(ms) : null;
  } catch {
    return null;
  }
}

/** OTLP/JSON ids are hex; some encoders emit the protobuf-JSON base64 form instead. */
const HEX_IDS = new Map<number, RegExp>();

/** `^[0-9a-fA-F]{2·bytes}$`, compiled once per id width rather than once per record. */
function hexId(bytes: number): RegExp {
  let pattern = HEX_IDS.get(bytes);
  if (pattern === undefined) HEX_IDS.set(bytes, (pattern = new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`)));
  return pattern;
}

function idText(value: unknown, bytes: number): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (hexId(bytes).test(value)) return /^0+$/.test(value) ? null : value.toLowerCase();
  const raw = Buffer.from(value, 'base64');
  return raw.length === bytes ? raw.toString('hex') : value;
}

/** severityNumber may be a number or the enum name (`SEVERITY_NUMBER_WARN`) in protobuf JSON. */
function severityOf(record: Record<string, unknown>): LogRecord['severity'] {
  const n = record.severityNumber;
  const fromNumber = typeof n === 'number' ? severityFromOtel(n) : typeof n === 'string' ? normalizeSeverity(n.replace(/^SEVERITY_NUMBER_/, '').replace(/\d+$/, '')) : 'UNKNOWN';
  return fromNumber !== 'UNKNOWN' ? fromNumber : normalizeSeverity(record.severityText);
}

/** A file line the collector forwarded as is (filelog without parsers): no level, no time, text body. */
function isRawLine(record: Record<string, unknown>): boolean {
  const body = record.body as AnyValue | undefined;
  return severityOf(record) === 'UNKNOWN' && fromNanos(record.timeUnixNano) === null && typeof body?.stringValue === 'string';
}

/** Reads level, time and fields from the line itself, as for any text line; OTLP fields win. */
function withLineFields(record: LogRecord, options: PayloadDecodeOptions | undefined): LogRecord {
  const event = textDecoderOf(options)(record.message).event;
  return {
    ...record,
    timestamp: event.timestamp,
    severity: event.severity,
    message: event.message,
    service: record.service ?? event.service,
    attributes: { ...event.attributes, ...record.attributes },
    traceId: record.traceId ?? event.traceId,
    spanId: record.spanId ?? event.spanId,
  };
}

function arrayField(value: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const v = value[key];
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object') : [];
}

/**
 * Decodes a parsed OTLP `ExportLogsServiceRequest` (JSON encoding): one record per
 * `resourceLogs[].scopeLogs[].logRecords[]`, numbered by `index` in payload order.
 * Resource attributes (minus `service.name`, which becomes the service) and the scope name are
 * kept as attributes; record attributes win on a clash.
 */
export function decodeOtlpObject(request: Record<string, unknown>, source: RecordSource, options?: PayloadDecodeOptions): LogRecord[] {
  if (!Array.isArray(request.resourceLogs)) throw new BadInputError('otlp json: "resourceLogs" is not an array', 'decode');
  const now = options?.observedAt ?? new Date();
  const out: LogRecord[] = [];
  for (const resourceLogs of arrayField(request, 'resourceLogs')) {
    const resource = (resourceLogs.resource ?? {}) as Record<string, unknown>;
    // a rest copy rather than `delete`, which would leave every record's attributes a slow dictionary
    const { 'service.name': service, ...resourceAttrs } = attributes(resource.attributes);
    for (const scopeLogs of arrayField(resourceLogs, 'scopeLogs')) {
      const scope = (scopeLogs.scope ?? {}) as Record<string, unknown>;
      const scopeAttrs: Record<string, AttributeValue> = typeof scope.name === 'string' && scope.name !== '' ? { 'otel.scope.name': scope.name } : {};
      for (const record of arrayField(scopeLogs, 'logRecords')) {
        const decoded: LogRecord = {
          timestamp: fromNanos(record.timeUnixNano),
          observedAt: fromNanos(record.observedTimeUnixNano) ?? now,
          service: typeof service === 'string' && service !== '' ? service : null,
          severity: severityOf(record),
          message: bodyText(record.body as AnyValue | undefined),
          attributes: attributes(record.attributes, { ...resourceAttrs, ...scopeAttrs }),
          traceId: idText(record.traceId, 16),
          spanId: idText(record.spanId, 8),
          source: { ...source, index: out.length },
        };
        out.push(isRawLine(record) ? withLineFields(decoded, options) : decoded);
      }
    }
  }
  return out;
}

/**
 * Decodes one Kafka message from the OTel Collector kafka exporter with `encoding: otlp_json`.
 * @throws BadInputError (stage 'decode') when it is not JSON or has no `resourceLogs` array.
 */
export function decodeOtlpJson(value: Buffer, source: RecordSource, options?: PayloadDecodeOptions): LogRecord[] {
  return decodeOtlpObject(parseJsonObject(value, 'otlp json'), source, options);
}
