import type { LogRecord, RecordSource } from '../domain/log-record.js';

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

/** Attaches source and observation time; the event's own service wins over the default. */
export function toLogRecord(event: DecodedEvent, ctx: RecordContext): LogRecord {
  return {
    timestamp: event.timestamp,
    observedAt: ctx.observedAt,
    service: event.service ?? ctx.defaultService ?? null,
    severity: event.severity,
    message: event.message,
    attributes: event.attributes,
    traceId: event.traceId,
    spanId: event.spanId,
    source: ctx.source,
  };
}
