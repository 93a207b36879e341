/** Severity levels, normalised from syslog, OTel severity numbers and free-text levels. */
export const SEVERITIES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'UNKNOWN'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AttributeValue = string | number | boolean | null;

/** Where a record came from: enough to build an idempotency key that survives a replay. */
export interface RecordSource {
  /** Receiver type that decoded it, e.g. `file`, `stdin`, `kafka`. */
  readonly receiver: string;
  /** Stable location of the record, e.g. `app.log` or `logs-raw/2`. */
  readonly stream: string;
  /** Position within the stream: line number of the first physical line, or the Kafka offset. */
  readonly position: number;
  /** Sub-position when one source message holds several events (OTLP batches, joined lines). */
  readonly index?: number;
}

/**
 * One log event after decoding, before any processing. Receivers produce these; every
 * processor stage reads them. `message` is the event text only (no header).
 */
export interface LogRecord {
  /** Event time when the input carried one, else null (the pipeline then uses `observedAt`). */
  timestamp: Date | null;
  observedAt: Date;
  service: string | null;
  severity: Severity;
  message: string;
  attributes: Record<string, AttributeValue>;
  traceId: string | null;
  spanId: string | null;
  source: RecordSource;
}

/** The idempotency key of a record: same input position ⇒ same key ⇒ a replay writes nothing new. */
export function idempotencyKey(source: RecordSource): string {
  const base = `${source.receiver}:${source.stream}:${source.position}`;
  return source.index === undefined ? base : `${base}:${source.index}`;
}
