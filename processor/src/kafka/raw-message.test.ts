import { describe, expect, it } from 'vitest';
import { idempotencyKey } from '../domain/log-record.js';
import { kafkaSource, toRawMessage } from './raw-message.js';

describe('toRawMessage / kafkaSource', () => {
  it('decodes headers as UTF-8 text and keeps key/value bytes', () => {
    const raw = toRawMessage('logs-raw', 2, {
      key: Buffer.from('k'),
      value: Buffer.from('v'),
      offset: '41',
      timestamp: '1700000000000',
      attributes: 0,
      headers: { a: Buffer.from('x'), b: 'y', c: [Buffer.from('1'), Buffer.from('2')], d: undefined },
    });
    expect(raw).toMatchObject({ topic: 'logs-raw', partition: 2, offset: '41', timestamp: '1700000000000' });
    expect(raw.headers).toEqual({ a: 'x', b: 'y', c: '2' });
    expect(raw.key?.toString()).toBe('k');
  });

  it('builds the kafka idempotency key with an optional index', () => {
    const msg = { topic: 'logs-raw', partition: 1, offset: '7' };
    expect(idempotencyKey(kafkaSource(msg))).toBe('kafka:logs-raw/1:7');
    expect(idempotencyKey(kafkaSource(msg, 3))).toBe('kafka:logs-raw/1:7:3');
  });
});
