import { AppError } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';
import { toLogRecord } from '../receivers/decoded-event.js';
import { decodeFluentBitObject, type PayloadDecodeOptions } from '../receivers/fluent-bit.receiver.js';
import { createTextDecoder, type TextDecoder } from '../receivers/line-decoder.js';
import { withoutLineEnd } from '../receivers/line-end.js';
import { decodeOtlpObject } from '../receivers/otlp-json.receiver.js';
import { kafkaSource, type RawMessage } from './raw-message.js';

/** Which shipper format a message was recognised as. */
export type KafkaPayloadFormat = 'otlp-json' | 'fluent-bit' | 'text';

/** Records, or the reason the message must be dead-lettered. */
export type KafkaDecodeResult =
  | { readonly ok: true; readonly format: KafkaPayloadFormat; readonly records: LogRecord[] }
  | { readonly ok: false; readonly reason: string };

/** Options of `decodeKafkaMessage`; the text decoder handles plain/JSON/logfmt/syslog lines. */
export interface KafkaDecodeOptions extends PayloadDecodeOptions {
  readonly textDecoder?: TextDecoder | undefined;
}

const utf8 = new globalThis.TextDecoder('utf-8', { fatal: true });
let autoDecoder: TextDecoder | undefined;

/** Why a message must be dead-lettered; the fixed reasons are shared objects, so a failure allocates nothing. */
export interface KafkaDecodeFailure {
  readonly reason: string;
}

// One object per kind of failure, shared by every message that fails so: frozen, so no caller can change another's reason.
const EMPTY: KafkaDecodeFailure = Object.freeze({ reason: 'empty message value' });
const NOT_UTF8: KafkaDecodeFailure = Object.freeze({ reason: 'message value is not UTF-8 text' });
const BLANK: KafkaDecodeFailure = Object.freeze({ reason: 'message value is blank' });

/** ASCII characters `String.prototype.trim` removes: TAB, LF, VT, FF, CR, space. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * `text.trimStart().startsWith('{')` without the trimmed copy: most payloads open with a letter,
 * a digit or `{`; anything beyond ASCII takes the exact (Unicode whitespace) path.
 */
function opensWithBrace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) return true;
    if (c >= 128) return text.trimStart().startsWith('{');
    if (!isAsciiSpace(c)) return false;
  }
  return false;
}

/** `text.trim() === ''` without the trimmed copy (see `opensWithBrace`). */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return text.trim() === '';
    if (!isAsciiSpace(c)) return false;
  }
  return true;
}

function sniffJson(text: string): Record<string, unknown> | null {
  if (!opensWithBrace(text)) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function hasLogLine(value: Record<string, unknown>): boolean {
  return typeof value.log === 'string' || typeof value.message === 'string';
}

function pushAll(into: LogRecord[], records: readonly LogRecord[]): void {
  for (const record of records) into.push(record);
}

/**
 * Decodes one Kafka message whatever shipper wrote it: OTLP JSON (`resourceLogs`), Fluent Bit
 * JSON (an object with `log`/`message`), anything else as one text event (JSON line, logfmt,
 * syslog, plain; also the collector's `encoding: raw`). Never throws on bad input: empty, non
 * UTF-8 or malformed payloads come back as `{ ok: false, reason }` for the dead-letter topic.
 */
export function decodeKafkaMessage(message: RawMessage, options: KafkaDecodeOptions = {}): KafkaDecodeResult {
  const records: LogRecord[] = [];
  const outcome = decodeKafkaMessageInto(message, records, options);
  return typeof outcome === 'string' ? { ok: true, format: outcome, records } : { ok: false, reason: outcome.reason };
}

/**
 * `decodeKafkaMessage` for the consumer's hot loop: appends the records to `into` (nothing on a
 * failure) and returns the format, or why the message must be dead-lettered. No result object
 * or records array per message.
 */
export function decodeKafkaMessageInto(message: RawMessage, into: LogRecord[], options: KafkaDecodeOptions = {}): KafkaPayloadFormat | KafkaDecodeFailure {
  if (message.value === null || message.value.length === 0) return EMPTY;
  let text: string;
  try {
    text = utf8.decode(message.value);
  } catch {
    return NOT_UTF8;
  }
  const source = kafkaSource(message);
  const json = sniffJson(text);
  try {
    if (json !== null && 'resourceLogs' in json) {
      pushAll(into, decodeOtlpObject(json, source, options));
      return 'otlp-json';
    }
    if (json !== null && hasLogLine(json)) {
      pushAll(into, decodeFluentBitObject(json, source, options));
      return 'fluent-bit';
    }
  } catch (error) {
    if (error instanceof AppError && !error.retriable) return { reason: error.message };
    throw error;
  }
  const line = withoutLineEnd(text);
  if (isBlank(line)) return BLANK;
  const decoder = options.textDecoder ?? (autoDecoder ??= createTextDecoder('auto'));
  // `JSON.parse(line)` equals `json`: only a line end was cut, which JSON ignores as whitespace.
  const decoded = json !== null && decoder.fromJsonObject !== undefined ? decoder.fromJsonObject(json, line) : decoder(line);
  into.push(toLogRecord(decoded.event, { source, observedAt: options.observedAt ?? new Date() }));
  return 'text';
}
