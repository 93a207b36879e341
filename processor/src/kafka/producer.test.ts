import { describe, expect, it } from 'vitest';
import { silentLogger } from '../domain/logger.js';
import type { KafkaClient } from './kafka-client.js';
import { KafkaPublisher } from './producer.js';

interface Sent {
  topic: string;
  messages: Array<{ key: string | null; value: unknown; headers: Record<string, string> }>;
}

function fakeClient(sent: Sent[]): KafkaClient {
  const producer = { send: (request: Sent) => Promise.resolve(void sent.push(request)) };
  return { producer: () => producer, config: { topics: { processed: 'logs-processed', anomalies: 'anomalies', dlq: 'logs-dlq' } } } as unknown as KafkaClient;
}

describe('KafkaPublisher', () => {
  it('sends a payload the caller encoded as those very bytes, and serialises the others', async () => {
    const sent: Sent[] = [];
    const publisher = new KafkaPublisher(fakeClient(sent), silentLogger);
    const bytes = Buffer.from('{"k":"ü"}', 'utf8');
    await publisher.publishProcessed([{ key: 'web', bytes }, { key: null, value: { a: 'ü' } }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.topic).toBe('logs-processed');
    expect(sent[0]?.messages[0]?.value).toBe(bytes);
    expect(sent[0]?.messages[1]?.value).toBe('{"a":"ü"}');
    expect(sent[0]?.messages.map((m) => [m.key, m.headers['content-type']])).toEqual([['web', 'application/json'], [null, 'application/json']]);
  });
});
