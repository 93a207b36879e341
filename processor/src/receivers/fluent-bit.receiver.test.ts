import { describe, expect, it } from 'vitest';
import { BadInputError } from '../domain/errors.js';
import { decodeFluentBit } from './fluent-bit.receiver.js';

const source = { receiver: 'kafka', stream: 'logs-raw/0', position: 12 };
const observedAt = new Date('2026-01-01T00:00:00Z');

/** What Fluent Bit's kafka output (format json, timestamp_format double) writes for a k8s container line. */
const k8sRecord = {
  '@timestamp': 1763980000.123456,
  time: '2025-11-24T10:26:40.123456789Z',
  stream: 'stderr',
  _p: 'F',
  log: '2025-11-24 10:26:40,100 ERROR [main] Connection refused to db-0:5432\n',
  kubernetes: {
    pod_name: 'checkout-7d9f8-abcde',
    namespace_name: 'shop',
    pod_id: '0b1c2d3e-1111-2222-3333-444455556666',
    labels: { 'app.kubernetes.io/name': 'checkout', 'pod-template-hash': '7d9f8' },
    host: 'node-1',
    container_name: 'app',
    docker_id: 'abc',
    container_image: 'registry/checkout:1.2.3',
  },
};

describe('decodeFluentBit', () => {
  it('maps a kubernetes tail record: line header, k8s metadata, service from the app label', () => {
    const [r] = decodeFluentBit(Buffer.from(JSON.stringify(k8sRecord)), source, { observedAt });
    expect(r?.message).toContain('Connection refused to db-0:5432');
    expect(r?.message.endsWith('\n')).toBe(false);
    expect(r?.severity).toBe('ERROR');
    expect(r?.service).toBe('checkout');
    expect(r?.timestamp?.toISOString()).toBe('2025-11-24T10:26:40.100Z');
    expect(r?.attributes).toMatchObject({ 'k8s.namespace.name': 'shop', 'k8s.pod.name': 'checkout-7d9f8-abcde', 'k8s.container.name': 'app', stream: 'stderr', logger: 'main' });
    expect(r?.source).toEqual(source);
    expect(r?.observedAt).toBe(observedAt);
  });

  it('uses the Fluent Bit timestamp (float seconds or ISO) when the line has none', () => {
    const float = decodeFluentBit(Buffer.from(JSON.stringify({ '@timestamp': 1700000000.5, log: 'plain words here' })), source);
    expect(float[0]?.timestamp?.toISOString()).toBe('2023-11-14T22:13:20.500Z');
    const iso = decodeFluentBit(Buffer.from(JSON.stringify({ date: '2024-03-01T12:00:00.250Z', message: 'started' })), source);
    expect(iso[0]?.timestamp?.toISOString()).toBe('2024-03-01T12:00:00.250Z');
    expect(iso[0]?.message).toBe('started');
  });

  it('decodes a JSON application line and falls back to the container name as service', () => {
    const value = { log: '{"level":"warn","msg":"slow query","duration_ms":812}', kubernetes: { container_name: 'api', labels: {} } };
    const [r] = decodeFluentBit(Buffer.from(JSON.stringify(value)), source);
    expect(r).toMatchObject({ severity: 'WARN', message: 'slow query', service: 'api' });
    expect(r?.attributes.duration_ms).toBe(812);
  });

  it('takes level and service from top-level fields a parser merged (Merge_Log)', () => {
    const value = { '@timestamp': 1700000000, log: 'cache miss', level: 'debug', service: 'cart' };
    const [r] = decodeFluentBit(Buffer.from(JSON.stringify(value)), source);
    expect(r).toMatchObject({ severity: 'DEBUG', service: 'cart', message: 'cache miss' });
  });

  it('throws BadInputError (decode) for non-JSON, arrays and records without a line', () => {
    for (const bad of ['not json', '[1,2]', '{"stream":"stdout"}', '{"log":42}']) {
      let caught: unknown;
      try {
        decodeFluentBit(Buffer.from(bad), source);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(BadInputError);
      expect((caught as BadInputError).stage).toBe('decode');
    }
  });
});
