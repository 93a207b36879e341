import { BadInputError } from '../domain/errors.js';
import type { AttributeValue, LogRecord, RecordSource } from '../domain/log-record.js';
import { toLogRecord, type DecodedEvent } from './decoded-event.js';
import { fieldsToEvent } from './field-mapping.js';
import { flattenObjectWithout } from './json.receiver.js';
import { createTextDecoder, type TextDecoder } from './line-decoder.js';
import { withoutLineEnd } from './line-end.js';

/** Options shared by the Kafka payload decoders. */
export interface PayloadDecodeOptions {
  /** When the record was received; default now. */
  readonly observedAt?: Date | undefined;
  /** Decoder for the log line text inside the payload; default `createTextDecoder('auto')`. */
  readonly textDecoder?: TextDecoder | undefined;
}

/** Keys Fluent Bit puts the log line under: `log` (tail/docker/CRI), `message` (systemd, forward), `msg`. */
const LINE_KEYS = ['log', 'message', 'msg'] as const;

/** Kubernetes labels that name the application, most specific first. */
const SERVICE_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'app.kubernetes.io/instance', 'component'];

let defaultTextDecoder: TextDecoder | undefined;
/** The text decoder of the options, else a shared `auto` one. */
export function textDecoderOf(options: PayloadDecodeOptions | undefined): TextDecoder {
  return options?.textDecoder ?? (defaultTextDecoder ??= createTextDecoder('auto'));
}

/** Parses a Kafka value as one JSON object or throws a decode-stage `BadInputError`. */
export function parseJsonObject(value: Buffer, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'invalid JSON';
    throw new BadInputError(`${what}: not valid JSON (${detail})`, 'decode');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadInputError(`${what}: expected a JSON object`, 'decode');
  }
  return parsed as Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Kubernetes metadata of the Fluent Bit `kubernetes` filter → OTel-style attributes + a service guess. */
function kubernetesAttributes(k8s: Record<string, unknown>): { attributes: Record<string, AttributeValue>; service: string | null } {
  const attributes: Record<string, AttributeValue> = {};
  const put = (name: string, value: unknown): void => {
    if (typeof value === 'string' && value !== '') attributes[name] = value;
  };
  put('k8s.namespace.name', k8s.namespace_name);
  put('k8s.pod.name', k8s.pod_name);
  put('k8s.pod.uid', k8s.pod_id);
  put('k8s.container.name', k8s.container_name);
  put('k8s.node.name', k8s.host);
  put('container.image.name', k8s.container_image);
  const labels = isObject(k8s.labels) ? k8s.labels : {};
  for (const key in labels) if (Object.hasOwn(labels, key)) put(`k8s.pod.label.${key}`, labels[key]);
  let label: string | undefined;
  for (const name of SERVICE_LABELS) {
    const value = labels[name];
    if (typeof value === 'string' && value !== '') {
      label = value;
      break;
    }
  }
  const container = typeof k8s.container_name === 'string' && k8s.container_name !== '' ? k8s.container_name : null;
  return { attributes, service: label ?? container };
}

function lineOf(record: Record<string, unknown>): { key: string; text: string } | null {
  for (const key of LINE_KEYS) {
    const value = record[key];
    if (typeof value === 'string') return { key, text: withoutLineEnd(value) };
  }
  return null;
}

/**
 * Decodes an already parsed Fluent Bit record (kafka output, `format json`). The log line is
 * decoded by the text decoder (JSON, logfmt, syslog, plain headers); fields Fluent Bit or its
 * parsers put at the top level fill what the line lacks; the line's own timestamp wins over
 * Fluent Bit's read time (`@timestamp`/`date`/`time`, float epoch seconds or ISO 8601).
 */
export function decodeFluentBitObject(record: Record<string, unknown>, source: RecordSource, options?: PayloadDecodeOptions): LogRecord[] {
  const line = lineOf(record);
  if (line === null) throw new BadInputError('fluent-bit record: no "log", "message" or "msg" string field', 'decode');
  const kubernetes = record.kubernetes;
  const k8s = isObject(kubernetes) ? kubernetesAttributes(kubernetes) : { attributes: {}, service: null };
  const outer = fieldsToEvent(flattenObjectWithout(record, line.key, 'kubernetes'), line.text);
  const inner = textDecoderOf(options)(line.text).event;
  // Deployment metadata names the service more reliably than a header guess inside the line
  // (`[main]` is a thread); the line's own guess is kept as an attribute.
  const service = outer.service ?? k8s.service ?? inner.service;
  if (inner.service !== null && inner.service !== service) inner.attributes.logger ??= inner.service;
  const event: DecodedEvent = {
    timestamp: inner.timestamp ?? outer.timestamp,
    service,
    severity: inner.severity !== 'UNKNOWN' ? inner.severity : outer.severity,
    message: inner.message,
    attributes: { ...k8s.attributes, ...outer.attributes, ...inner.attributes },
    traceId: inner.traceId ?? outer.traceId,
    spanId: inner.spanId ?? outer.spanId,
  };
  return [toLogRecord(event, { source, observedAt: options?.observedAt ?? new Date() })];
}

/**
 * Decodes one Kafka message written by Fluent Bit's kafka output with `format json`.
 * @throws BadInputError (stage 'decode') when the value is not a JSON object with a log line.
 */
export function decodeFluentBit(value: Buffer, source: RecordSource, options?: PayloadDecodeOptions): LogRecord[] {
  return decodeFluentBitObject(parseJsonObject(value, 'fluent-bit record'), source, options);
}
