import { idempotencyKey, type LogRecord } from '../domain/log-record.js';
import { decodeKafkaMessageInto, kafkaSource, type RawMessage } from '../kafka/index.js';
import type { DeadLetter } from '../pipeline/stage.js';
import type { TextDecoder } from '../receivers/line-decoder.js';

/** One fetch decoded: its records in message order, and the messages that yielded none. */
export interface DecodedFetch {
  readonly records: LogRecord[];
  readonly deadLetters: DeadLetter[];
  /** The dead-lettered messages by idempotency key, for the dead-letter topic's copies. */
  readonly originals: Map<string, RawMessage>;
}

export interface DecodeFetchOptions {
  readonly textDecoder: TextDecoder;
  readonly observedAt: Date;
  /** The dead letter's sample of a message (redacted, short). */
  readonly sample: (message: RawMessage) => string;
}

/**
 * Decodes a fetch's messages into one records array (no per-message result or array); a message
 * that yields no record, e.g. OTLP JSON with a malformed body, becomes a dead letter rather than
 * being dropped silently.
 */
export function decodeFetch(messages: readonly RawMessage[], options: DecodeFetchOptions): DecodedFetch {
  const records: LogRecord[] = [];
  const deadLetters: DeadLetter[] = [];
  const originals = new Map<string, RawMessage>();
  const decodeOptions = { textDecoder: options.textDecoder, observedAt: options.observedAt };
  for (const message of messages) {
    const before = records.length;
    const outcome = decodeKafkaMessageInto(message, records, decodeOptions);
    if (records.length > before) continue;
    const reason = typeof outcome === 'string' ? `no log records in the ${outcome} payload` : outcome.reason;
    const source = idempotencyKey(kafkaSource(message));
    deadLetters.push({ stage: 'decode', reason, source, sample: options.sample(message) });
    originals.set(source, message);
  }
  return { records, deadLetters, originals };
}
