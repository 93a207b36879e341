import { describe, expect, it } from 'vitest';
import { decodeKafkaMessage } from './message-decoder.js';
import type { RawMessage } from './raw-message.js';

function message(value: Buffer | string | null): RawMessage {
  return { topic: 'logs-raw', partition: 0, offset: '5', key: null, value: typeof value === 'string' ? Buffer.from(value) : value, headers: {}, timestamp: '0' };
}

describe('decodeKafkaMessage', () => {
  it('sniffs OTLP JSON, Fluent Bit JSON and plain text', () => {
    const otlp = decodeKafkaMessage(message(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'a' } }, { body: { stringValue: 'b' } }] }] }] })));
    expect(otlp.ok && otlp.format).toBe('otlp-json');
    expect(otlp.ok && otlp.records.map((r) => r.message)).toEqual(['a', 'b']);
    const fb = decodeKafkaMessage(message('{"log":"E1124 10:00:00.000000 1 x.go:10] boom","stream":"stderr"}'));
    expect(fb.ok && fb.format).toBe('fluent-bit');
    const text = decodeKafkaMessage(message('Nov 24 10:00:00 host sshd[1]: Failed password for root\n'));
    expect(text.ok && text.format).toBe('text');
    expect(text.ok && text.records[0]?.source).toEqual({ receiver: 'kafka', stream: 'logs-raw/0', position: 5 });
  });

  it('treats other JSON objects as JSON lines', () => {
    const r = decodeKafkaMessage(message('{"level":"error","msg":"x failed"}'));
    expect(r.ok && r.format).toBe('text');
    expect(r.ok && r.records[0]).toMatchObject({ severity: 'ERROR', message: 'x failed' });
  });

  it('returns dead-letter reasons instead of throwing', () => {
    expect(decodeKafkaMessage(message(null))).toEqual({ ok: false, reason: 'empty message value' });
    expect(decodeKafkaMessage(message(Buffer.from([0xff, 0xfe, 0x00])))).toEqual({ ok: false, reason: 'message value is not UTF-8 text' });
    expect(decodeKafkaMessage(message('  \n'))).toEqual({ ok: false, reason: 'message value is blank' });
    const bad = decodeKafkaMessage(message('{"resourceLogs":{"oops":1}}'));
    expect(bad).toEqual({ ok: false, reason: 'otlp json: "resourceLogs" is not an array' });
  });
});
