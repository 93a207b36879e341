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

describe('toRawMessage without headers', () => {
  const base = { key: null, value: Buffer.from('v'), offset: '1', timestamp: '0', attributes: 0 };
  it('shares one frozen empty headers object instead of allocating one per message', () => {
    const a = toRawMessage('t', 0, { ...base, headers: {} });
    const b = toRawMessage('t', 0, { ...base, headers: undefined } as unknown as Parameters<typeof toRawMessage>[2]);
    expect(a.headers).toBe(b.headers);
    expect(Object.isFrozen(a.headers)).toBe(true);
    expect(a.headers).toEqual({});
  });

  it('reads own headers only, drops undefined ones', () => {
    const headers = Object.assign(Object.create({ inherited: Buffer.from('i') }) as Record<string, Buffer | undefined>, { own: Buffer.from('o'), gone: undefined });
    expect(toRawMessage('t', 0, { ...base, headers }).headers).toEqual({ own: 'o' });
  });

  it('gives each partition its own stream name', () => {
    expect(kafkaSource({ topic: 'a', partition: 0, offset: '1' }).stream).toBe('a/0');
    expect(kafkaSource({ topic: 'a', partition: 1, offset: '1' }).stream).toBe('a/1');
    expect(kafkaSource({ topic: 'b', partition: 1, offset: '2', }, 0)).toEqual({ receiver: 'kafka', stream: 'b/1', position: 2, index: 0 });
  });
});
