import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { ConfigError } from '../domain/errors.js';
import { kafkaConfigFrom } from './run-service.js';

describe('kafkaConfigFrom', () => {
  it('maps brokers, group and the four topic names from the application config', () => {
    const config = parseConfig({ KAFKA_BOOTSTRAP_SERVERS: 'k1:9092, k2:9093', KAFKA_GROUP_ID: 'g1', KAFKA_TOPIC_RAW: 'in', KAFKA_TOPIC_DLQ: 'dead' });
    const kafka = kafkaConfigFrom(config);
    expect(kafka.brokers).toEqual(['k1:9092', 'k2:9093']);
    expect(kafka.groupId).toBe('g1');
    expect(kafka.topics).toEqual({ raw: 'in', processed: 'logs-processed', anomalies: 'anomalies', dlq: 'dead' });
    expect(kafka.partitions.raw).toBe(3);
  });

  it('refuses to run without brokers, naming the variable', () => {
    expect(() => kafkaConfigFrom(parseConfig({}))).toThrow(ConfigError);
    expect(() => kafkaConfigFrom(parseConfig({}))).toThrow(/KAFKA_BOOTSTRAP_SERVERS/);
  });
});
