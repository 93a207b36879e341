import { context, SpanKind, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { disabledTracing } from './tracing.js';
import { MAX_LINKS, parentAndLinks, traceKafkaFetch, type TracedMessage } from './tracing.kafka.js';
import { inMemoryTracing } from './tracing-test-kit.js';

const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '0af7651916cd43dd8448eb211c80319c';
const parent = (traceId: string, spanId: string): string => `00-${traceId}-${spanId}-01`;

function message(offset: number, headers: Record<string, string> = {}): TracedMessage {
  return { topic: 'logs-raw', partition: 2, offset: String(offset), headers };
}

describe('Kafka fetch spans', () => {
  it('continues the first producer trace and links the other ones', () => {
    const messages = [
      message(1),
      message(2, { traceparent: parent(TRACE_A, '00f067aa0ba902b7') }),
      message(3, { traceparent: parent(TRACE_B, 'b7ad6b7169203331') }),
      message(4, { traceparent: parent(TRACE_A, '00f067aa0ba902b7') }),
      message(5, { traceparent: 'nonsense' }),
    ];
    const { parent: ctx, links } = parentAndLinks(messages);
    expect(trace.getSpanContext(ctx)?.traceId).toBe(TRACE_A);
    expect(links.map((l) => l.context.traceId)).toEqual([TRACE_B]);
  });

  it('caps the links', () => {
    const hex = (i: number): string => i.toString(16).padStart(16, '0');
    const messages = Array.from({ length: MAX_LINKS + 10 }, (_, i) => message(i, { traceparent: parent(TRACE_A, hex(i + 1)) }));
    expect(parentAndLinks(messages).links).toHaveLength(MAX_LINKS);
  });

  it('runs the handler inside a CONSUMER span of the producer trace', async () => {
    const { tracing, spans } = inMemoryTracing();
    const messages = [message(7, { traceparent: parent(TRACE_A, '00f067aa0ba902b7') }), message(8)];
    const inside = await traceKafkaFetch(tracing, messages, 'group-1', () => Promise.resolve(trace.getSpanContext(context.active())?.traceId));
    expect(inside).toBe(TRACE_A);
    const [span] = spans();
    expect(span?.name).toBe('process logs-raw');
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span?.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.batch.message_count': 2, 'messaging.destination.partition.id': '2', 'messaging.consumer.group.name': 'group-1' });
  });

  it('starts a new trace when no message carries one, and calls straight through when off', async () => {
    const { tracing, spans } = inMemoryTracing();
    await traceKafkaFetch(tracing, [message(1)], 'g', () => Promise.resolve());
    expect(spans()[0]?.parentSpanContext).toBeUndefined();
    const active = await traceKafkaFetch(disabledTracing, [message(1)], 'g', () => Promise.resolve(trace.getSpan(context.active())));
    expect(active).toBeUndefined();
  });
});
