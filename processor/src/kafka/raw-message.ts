import type { KafkaMessage } from 'kafkajs';
import type { RecordSource } from '../domain/log-record.js';

/** One Kafka record as the rest of ailog sees it: no kafkajs types leak past `kafka/`. */
export interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  /** Offset as a decimal string: int64 does not fit a JS number in general. */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Header values decoded as UTF-8; repeated headers keep the last value. */
  readonly headers: Record<string, string>;
  /** Broker/producer timestamp, epoch milliseconds as a string. */
  readonly timestamp: string;
}

function headerText(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  if (last === undefined) return undefined;
  return typeof last === 'string' ? last : last.toString('utf8');
}

/** Converts a kafkajs message. */
export function toRawMessage(topic: string, partition: number, message: KafkaMessage): RawMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = text;
  }
  return { topic, partition, offset: message.offset, key: message.key ?? null, value: message.value ?? null, headers, timestamp: message.timestamp };
}

/**
 * The record source of a Kafka message: idempotency key `kafka:<topic>/<partition>:<offset>[:index]`.
 * Offsets beyond 2^53 would lose precision; no real partition gets there.
 */
export function kafkaSource(message: Pick<RawMessage, 'topic' | 'partition' | 'offset'>, index?: number): RecordSource {
  const base = { receiver: 'kafka', stream: `${message.topic}/${message.partition}`, position: Number(message.offset) };
  return index === undefined ? base : { ...base, index };
}
