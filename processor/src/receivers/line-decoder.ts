import type { LogRecord } from '../domain/log-record.js';
import { decodeAuto, decodeAutoJsonObject, type AutoDecoded } from './auto-detect.js';
import { messageOnlyEvent, toLogRecord, type DecodedEvent } from './decoded-event.js';
import { compileFormat, formatFieldsToEvent } from './format-string.js';
import { decodeJsonLine, decodeJsonObject } from './json.receiver.js';
import { decodeLogfmt } from './logfmt.receiver.js';
import { decodePlain } from './plain.receiver.js';
import { decodeSyslog } from './syslog.receiver.js';

/** Decodes the text of one event; `jsonError`/`formatMismatch` report recoverable trouble. */
export interface TextDecodeResult {
  readonly event: DecodedEvent;
  readonly jsonError?: boolean;
  readonly formatMismatch?: boolean;
}

export interface TextDecoder {
  (text: string): TextDecodeResult;
  /**
   * Same result as calling the decoder on `text`, given `value = JSON.parse(text)` (an object);
   * set by the formats that parse JSON themselves, so a caller that already parsed the line
   * (the Kafka decoder sniffs every payload) does not parse it again.
   */
  readonly fromJsonObject?: ((value: Record<string, unknown>, text: string) => TextDecodeResult) | undefined;
}

/** Built-in format names; anything else containing `<Name>` is a format string. */
export const NAMED_FORMATS = ['auto', 'json', 'logfmt', 'syslog', 'plain'] as const;

function jsonOrPlain(text: string): TextDecodeResult {
  const json = decodeJsonLine(text);
  if (json.ok) return { event: json.event };
  const event = decodePlain(text);
  event.attributes.json_error = json.error;
  return { event, jsonError: true };
}

function autoResult(r: AutoDecoded): TextDecodeResult {
  return r.jsonError === undefined ? { event: r.event } : { event: r.event, jsonError: true };
}

/**
 * Builds the text decoder for a format: a named one (`auto`, `json`, `logfmt`, `syslog`,
 * `plain`) or a Loghub-style format string. Never throws on input; a line that does not fit
 * its format falls back to plain text (format strings: the whole line as message, flagged).
 */
export function createTextDecoder(format = 'auto'): TextDecoder {
  switch (format) {
    case 'auto':
      return Object.assign((text: string) => autoResult(decodeAuto(text)), {
        fromJsonObject: (value: Record<string, unknown>, text: string) => autoResult(decodeAutoJsonObject(value, text)),
      });
    case 'json':
      // A parsed object always decodes: `jsonOrPlain` only falls back on a parse error or a non-object.
      return Object.assign((text: string) => jsonOrPlain(text), {
        fromJsonObject: (value: Record<string, unknown>, text: string): TextDecodeResult => ({ event: decodeJsonObject(value, text) }),
      });
    case 'logfmt':
      return (text) => ({ event: decodeLogfmt(text) });
    case 'syslog':
      return (text) => ({ event: decodeSyslog(text) ?? decodePlain(text) });
    case 'plain':
      return (text) => ({ event: decodePlain(text) });
    default: {
      const compiled = compileFormat(format);
      const hasMessage = compiled.fields.some((f) => ['content', 'message', 'msg'].includes(f.toLowerCase()));
      return (text) => {
        const values = compiled.parse(text);
        if (values === null) {
          const event = messageOnlyEvent(text);
          event.attributes.format_mismatch = true;
          return { event, formatMismatch: true };
        }
        const event = formatFieldsToEvent(values);
        if (!hasMessage) event.message = text;
        return { event };
      };
    }
  }
}

/** Options of `createLineDecoder`. */
export interface LineDecoderOptions {
  /** Format name or format string (default 'auto'). */
  readonly format?: string | undefined;
  /** Keep the whole line as the message, no header parsing. */
  readonly messageOnly?: boolean | undefined;
  /** Service for events that name none. */
  readonly service?: string | undefined;
  /** `source.stream` (default 'stdin'). */
  readonly stream?: string | undefined;
  /** `source.receiver` (default 'file'). */
  readonly receiver?: string | undefined;
}

/**
 * One event per line, no joining: the decoder behind `ailog parse` / `ailog detect`.
 * Throws `BadInputError` (stage `config`) only for an invalid format string, at creation.
 */
export function createLineDecoder(options: LineDecoderOptions = {}): (line: string, lineNo: number) => LogRecord {
  const decode: TextDecoder = options.messageOnly === true ? (text) => ({ event: messageOnlyEvent(text) }) : createTextDecoder(options.format ?? 'auto');
  const receiver = options.receiver ?? 'file';
  const stream = options.stream ?? 'stdin';
  return (line, lineNo) => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    return toLogRecord(decode(text).event, {
      source: { receiver, stream, position: lineNo },
      observedAt: new Date(),
      defaultService: options.service,
    });
  };
}
