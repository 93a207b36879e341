import { ROOT_CONTEXT, SpanKind, trace, type Context, type Link } from '@opentelemetry/api';
import { extractTraceContext } from './trace-context.js';
import { withSpan, type Tracing } from './tracing.js';

/**
 * The span of one consumed Kafka fetch (`process <topic>`, kind CONSUMER, messaging semantic
 * conventions). Its parent is the first message's `traceparent`, so a shipper's trace continues
 * through the processor; other distinct producer contexts in the fetch become links (the
 * conventions' answer for batches: a span has one parent).
 */

/** What the span needs from a consumed message; `RawMessage` from `kafka/` has it. */
export interface TracedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Links beyond this are dropped: a span with thousands of links costs more than it tells. */
export const MAX_LINKS = 128;

// Messaging attributes are still "incubating" in the semantic-conventions package, whose docs
// advise copying them rather than importing the unstable entry point.
const ATTR_MESSAGING_SYSTEM = 'messaging.system';
const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
const ATTR_MESSAGING_DESTINATION_PARTITION_ID = 'messaging.destination.partition.id';
const ATTR_MESSAGING_BATCH_MESSAGE_COUNT = 'messaging.batch.message_count';
const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
const ATTR_MESSAGING_KAFKA_OFFSET = 'messaging.kafka.offset';

/**
 * Runs `handle` inside the fetch span (the active context within it), or calls it directly
 * when tracing is off. The handler's errors mark the span and propagate unchanged.
 */
export function traceKafkaFetch<T>(tracing: Tracing, messages: readonly TracedMessage[], groupId: string, handle: () => Promise<T>): Promise<T> {
  const first = messages[0];
  if (!tracing.enabled || first === undefined) return handle();
  const { parent, links } = parentAndLinks(messages);
  return withSpan(
    tracing.tracer,
    `process ${first.topic}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        [ATTR_MESSAGING_SYSTEM]: 'kafka',
        [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
        [ATTR_MESSAGING_DESTINATION_NAME]: first.topic,
        [ATTR_MESSAGING_DESTINATION_PARTITION_ID]: String(first.partition),
        [ATTR_MESSAGING_BATCH_MESSAGE_COUNT]: messages.length,
        [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: groupId,
        [ATTR_MESSAGING_KAFKA_OFFSET]: Number(first.offset),
      },
    },
    () => handle(),
    parent,
  );
}

/** The first valid producer context is the parent; the other distinct ones are links. */
export function parentAndLinks(messages: readonly TracedMessage[]): { parent: Context; links: Link[] } {
  let parent = ROOT_CONTEXT;
  let parentSpanId: string | null = null;
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const message of messages) {
    const extracted = extractTraceContext(message.headers);
    const spanContext = trace.getSpanContext(extracted);
    if (spanContext === undefined) continue;
    if (parentSpanId === null) {
      parent = extracted;
      parentSpanId = spanContext.spanId;
      seen.add(spanContext.spanId);
      continue;
    }
    if (seen.has(spanContext.spanId) || links.length >= MAX_LINKS) continue;
    seen.add(spanContext.spanId);
    links.push({ context: spanContext, attributes: { [ATTR_MESSAGING_KAFKA_OFFSET]: Number(message.offset) } });
  }
  return { parent, links };
}
