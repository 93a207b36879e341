import type { LogRecord, RecordSource } from '../domain/log-record.js';
import { plausibleTime, wellFormed, wellFormedAttributes } from './well-formed.js';

/** What a format decoder extracts from one event's text, before the source is attached. */
export type DecodedEvent = Omit<LogRecord, 'observedAt' | 'source'>;

/** A decoder for one wire format: text of one event → fields. Never throws on bad input. */
export type EventDecoder = (text: string) => DecodedEvent;

/** An event with only a message: the fallback for anything that cannot be parsed further. */
export function messageOnlyEvent(message: string): DecodedEvent {
  return { timestamp: null, service: null, severity: 'UNKNOWN', message, attributes: {}, traceId: null, spanId: null };
}

/** Options that complete a decoded event into a `LogRecord`. */
export interface RecordContext {
  readonly source: RecordSource;
  readonly observedAt: Date;
  /** Service to use when the event itself names none. */
  readonly defaultService?: string | undefined;
}

/**
 * Attaches source and observation time; the event's own service wins over the default. Text is
 * made storable (no NUL, no lone surrogates) and an implausible event time is dropped with a
 * flag, so one malformed event cannot fail a database batch.
 */
export function toLogRecord(event: DecodedEvent, ctx: RecordContext): LogRecord {
  const timestamp = plausibleTime(event.timestamp);
  const attributes = wellFormedAttributes(event.attributes);
  if (timestamp === null && event.timestamp !== null) attributes.timestamp_out_of_range = true;
  const service = event.service ?? ctx.defaultService ?? null;
  return {
    timestamp,
    observedAt: ctx.observedAt,
    service: service === null ? null : wellFormed(service),
    severity: event.severity,
    message: wellFormed(event.message),
    attributes,
    traceId: event.traceId === null ? null : wellFormed(event.traceId),
    spanId: event.spanId === null ? null : wellFormed(event.spanId),
    source: ctx.source,
  };
}
