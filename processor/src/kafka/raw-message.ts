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

/** Shared by every message without headers (most of them): nothing writes to a message's headers. */
const NO_HEADERS: Record<string, string> = Object.freeze({});

/** Converts a kafkajs message. */
export function toRawMessage(topic: string, partition: number, message: KafkaMessage): RawMessage {
  return { topic, partition, offset: message.offset, key: message.key ?? null, value: message.value ?? null, headers: headersOf(message.headers), timestamp: message.timestamp };
}

/** No entries array and no object per message when there are no headers. */
function headersOf(raw: KafkaMessage['headers']): Record<string, string> {
  let headers: Record<string, string> | null = null;
  for (const name in raw) {
    if (!Object.hasOwn(raw, name)) continue;
    const text = headerText(raw[name]);
    if (text === undefined) continue;
    headers ??= {};
    headers[name] = text;
  }
  return headers ?? NO_HEADERS;
}

let lastTopic = '';
let lastPartition = -1;
let lastStream = '';

/** `topic/partition`, reused while messages come from the same partition (a whole batch does). */
function streamOf(topic: string, partition: number): string {
  if (topic !== lastTopic || partition !== lastPartition) {
    lastTopic = topic;
    lastPartition = partition;
    lastStream = `${topic}/${partition}`;
  }
  return lastStream;
}

/**
 * The record source of a Kafka message: idempotency key `kafka:<topic>/<partition>:<offset>[:index]`.
 * Offsets beyond 2^53 would lose precision; no real partition gets there.
 */
export function kafkaSource(message: Pick<RawMessage, 'topic' | 'partition' | 'offset'>, index?: number): RecordSource {
  const stream = streamOf(message.topic, message.partition);
  const position = Number(message.offset);
  return index === undefined ? { receiver: 'kafka', stream, position } : { receiver: 'kafka', stream, position, index };
}
