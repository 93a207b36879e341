import { describe, expect, it } from 'vitest';
import { ConfigError } from './domain/errors.js';
import { parseConfig } from './config.js';

describe('parseConfig', () => {
  it('gives the embedded default when nothing is set', () => {
    const config = parseConfig({});
    expect(config.storage.databaseUrl).toBeUndefined();
    expect(config.storage.dataDir).toBe('./.ailog');
    expect(config.storage.storeRaw).toBe(false);
    expect(config.kafka.brokers).toBeUndefined();
    expect(config.kafka.groupId).toBe('log-processor-group');
    expect(config.kafka.dlqCopyOriginals).toBe(true);
    expect(config.embeddings.provider).toBe('local');
    expect(config.llm.anomalyScoreThreshold).toBe(0.7);
    expect(Object.isFrozen(config.storage)).toBe(true);
  });

  it('maps server variables to their sections', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://ailog@127.0.0.1:5432/ailog',
      KAFKA_BOOTSTRAP_SERVERS: 'k1:9092, k2:9092',
      AILOG_STORE_RAW: 'true',
      OPENAI_BUDGET: '2.5',
      AILOG_REDACT_ALLOW_IPS: '10.0.0.0/8,127.0.0.1',
      API_PORT: '9000',
      KAFKA_DLQ_COPY_ORIGINALS: 'false',
      KAFKA_PUBLISH_PROCESSED: 'false',
    });
    expect(config.kafka.dlqCopyOriginals).toBe(false);
    expect(config.kafka.publishProcessed).toBe(false);
    expect(parseConfig({}).kafka.publishProcessed).toBe(true);
    expect(config.storage.databaseUrl).toBe('postgres://ailog@127.0.0.1:5432/ailog');
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(config.storage.storeRaw).toBe(true);
    expect(config.openai.dailyBudgetUsd).toBe(2.5);
    expect(config.redaction.allowIps).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(config.api.port).toBe(9000);
  });

  it('checks values that span sections and bounds', () => {
    const issues = (env: Record<string, string>): string => {
      try {
        parseConfig(env);
        return '';
      } catch (error) {
        return (error as ConfigError).issues.join('\n');
      }
    };
    expect(issues({ EMBEDDING_PROVIDER: 'openai' })).toContain('OPENAI_API_KEY');
    expect(issues({ EMBEDDING_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toBe('');
    expect(issues({ DATABASE_URL: 'http://db:5432/x' })).toContain('DATABASE_URL');
    expect(issues({ KAFKA_BOOTSTRAP_SERVERS: ' , ' })).toContain('KAFKA_BOOTSTRAP_SERVERS');
    expect(issues({ AILOG_BATCH_SIZE: '2000000' })).toContain('AILOG_BATCH_SIZE');
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', API_PORT: ' ' }).api.port).toBe(8000);
  });

  it('reports every bad variable at once, by its name', () => {
    let caught: unknown;
    try {
      parseConfig({ API_PORT: 'eighty', ANOMALY_SCORE_THRESHOLD: '3', AILOG_STORE_RAW: 'maybe' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const issues = (caught as ConfigError).issues.join('\n');
    expect(issues).toContain('API_PORT');
    expect(issues).toContain('ANOMALY_SCORE_THRESHOLD');
    expect(issues).toContain('AILOG_STORE_RAW');
    expect((caught as ConfigError).stage).toBe('config');
  });
});
