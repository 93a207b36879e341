import { describe, expect, it } from 'vitest';
import { silentLogger } from '../domain/logger.js';
import { createKafkaClient, kafkaConfigSchema } from './kafka-client.js';
import { topicPlan } from './topics.js';

describe('kafkaConfigSchema', () => {
  it('applies the documented defaults and splits a comma-separated broker list', () => {
    const config = kafkaConfigSchema.parse({ brokers: ' a:9092, b:9093 ,' });
    expect(config.brokers).toEqual(['a:9092', 'b:9093']);
    expect(config.groupId).toBe('log-processor-group');
    expect(config.topics).toEqual({ raw: 'logs-raw', processed: 'logs-processed', anomalies: 'anomalies', dlq: 'logs-dlq' });
    expect([...topicPlan(config)]).toEqual([['logs-raw', 3], ['logs-processed', 3], ['anomalies', 1], ['logs-dlq', 1]]);
  });

  it('rejects a broker without a port and an unknown SASL mechanism', () => {
    expect(kafkaConfigSchema.safeParse({ brokers: 'localhost' }).success).toBe(false);
    expect(kafkaConfigSchema.safeParse({ brokers: 'h:1', sasl: { mechanism: 'gssapi', username: 'u', password: 'p' } }).success).toBe(false);
  });

  it('creates a client without touching the network', () => {
    const client = createKafkaClient(kafkaConfigSchema.parse({ brokers: ['127.0.0.1:1'], sasl: { mechanism: 'plain', username: 'u', password: 'p' } }), silentLogger);
    expect(client.config.sasl?.mechanism).toBe('plain');
    expect(typeof client.admin().connect).toBe('function');
  });
});
