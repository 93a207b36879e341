import type { Stage } from '../domain/errors.js';
import type { Logger } from '../domain/logger.js';
import { traceHeaders } from '../telemetry/trace-context.js';
import type { KafkaClient, KafkaProducer } from './kafka-client.js';
import type { RawMessage } from './raw-message.js';

/** Header names on dead letters; consumers of `logs-dlq` rely on them. */
export const DLQ_HEADERS = {
  reason: 'ailog-reason',
  stage: 'ailog-stage',
  topic: 'ailog-source-topic',
  partition: 'ailog-source-partition',
  offset: 'ailog-source-offset',
} as const;

/** A message that could not be processed and why; the original bytes travel unchanged. */
export interface KafkaDeadLetter {
  readonly message: Pick<RawMessage, 'topic' | 'partition' | 'offset' | 'key' | 'value' | 'headers'>;
  readonly reason: string;
  readonly stage: Stage;
}

/** A JSON payload with an optional partitioning key (e.g. service, so one service stays ordered). */
export interface JsonMessage {
  readonly key?: string | null;
  /** Sent as `JSON.stringify(value)` unless `bytes` is given. */
  readonly value?: unknown;
  /** The payload's UTF-8 JSON when the caller has it already (it sized the request with it): sent as is. */
  readonly bytes?: Buffer;
}

/** Reasons are for humans and alerts; cap them so a huge parser message cannot bloat headers. */
const MAX_REASON = 500;

/**
 * Idempotent publisher for ailog's output topics: `logs-processed`, `anomalies` and dead letters on
 * `logs-dlq`. Each call resolves when the broker acknowledged (acks=all), so callers can commit
 * their input offsets afterwards.
 */
export class KafkaPublisher {
  private readonly producer: KafkaProducer;
  private readonly topics: KafkaClient['config']['topics'];
  /**
   * kafkajs's idempotent producer can mis-sequence or silently lose concurrent sends (kafkajs
   * issues #598, #1005), and the service overlaps batches: sends go out one at a time.
   */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(client: KafkaClient, private readonly logger: Logger) {
    this.producer = client.producer({ idempotent: true });
    this.topics = client.config.topics;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  /** Publishes processed records (JSON) to `logs-processed`. */
  async publishProcessed(messages: readonly JsonMessage[]): Promise<void> {
    await this.sendJson(this.topics.processed, messages);
  }

  /** Publishes anomaly findings (JSON) to `anomalies`. */
  async publishAnomalies(messages: readonly JsonMessage[]): Promise<void> {
    await this.sendJson(this.topics.anomalies, messages);
  }

  /** Copies the original messages to `logs-dlq` with reason, stage and source position headers. */
  async publishDeadLetters(letters: readonly KafkaDeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.serially(() => this.producer.send({
      topic: this.topics.dlq,
      acks: -1,
      messages: letters.map(({ message, reason, stage }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [DLQ_HEADERS.reason]: reason.slice(0, MAX_REASON),
          [DLQ_HEADERS.stage]: stage,
          [DLQ_HEADERS.topic]: message.topic,
          [DLQ_HEADERS.partition]: String(message.partition),
          [DLQ_HEADERS.offset]: message.offset,
        },
      })),
    }));
    this.logger.debug({ count: letters.length, topic: this.topics.dlq }, 'dead letters published');
  }

  private async sendJson(topic: string, messages: readonly JsonMessage[]): Promise<void> {
    if (messages.length === 0) return;
    // The publishing span's traceparent, so consumers of the output topics continue the trace.
    const trace = traceHeaders();
    const encoded = messages.map((m) => ({ key: m.key ?? null, value: m.bytes ?? JSON.stringify(m.value), headers: { 'content-type': 'application/json', ...trace } }));
    await this.serially(() => this.producer.send({ topic, acks: -1, messages: encoded }));
  }

  private serially<T>(send: () => Promise<T>): Promise<T> {
    const result = this.sending.then(send);
    this.sending = result.catch(() => undefined);
    return result;
  }
}
