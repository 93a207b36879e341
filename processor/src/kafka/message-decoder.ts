import { AppError } from '../domain/errors.js';
import type { LogRecord } from '../domain/log-record.js';
import { toLogRecord } from '../receivers/decoded-event.js';
import { decodeFluentBitObject, type PayloadDecodeOptions } from '../receivers/fluent-bit.receiver.js';
import { createTextDecoder, type TextDecoder } from '../receivers/line-decoder.js';
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

function sniffJson(text: string): Record<string, unknown> | null {
  if (!text.trimStart().startsWith('{')) return null;
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

/**
 * Decodes one Kafka message whatever shipper wrote it: OTLP JSON (`resourceLogs`), Fluent Bit
 * JSON (an object with `log`/`message`), anything else as one text event (JSON line, logfmt,
 * syslog, plain; also the collector's `encoding: raw`). Never throws on bad input: empty, non
 * UTF-8 or malformed payloads come back as `{ ok: false, reason }` for the dead-letter topic.
 */
export function decodeKafkaMessage(message: RawMessage, options: KafkaDecodeOptions = {}): KafkaDecodeResult {
  if (message.value === null || message.value.length === 0) return { ok: false, reason: 'empty message value' };
  let text: string;
  try {
    text = utf8.decode(message.value);
  } catch {
    return { ok: false, reason: 'message value is not UTF-8 text' };
  }
  const source = kafkaSource(message);
  const json = sniffJson(text);
  try {
    if (json !== null && 'resourceLogs' in json) return { ok: true, format: 'otlp-json', records: decodeOtlpObject(json, source, options) };
    if (json !== null && hasLogLine(json)) return { ok: true, format: 'fluent-bit', records: decodeFluentBitObject(json, source, options) };
  } catch (error) {
    if (error instanceof AppError && !error.retriable) return { ok: false, reason: error.message };
    throw error;
  }
  const line = text.replace(/\r?\n$/, '');
  if (line.trim() === '') return { ok: false, reason: 'message value is blank' };
  const decoder = options.textDecoder ?? (autoDecoder ??= createTextDecoder('auto'));
  return { ok: true, format: 'text', records: [toLogRecord(decoder(line).event, { source, observedAt: options.observedAt ?? new Date() })] };
}
