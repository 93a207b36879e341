import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../domain/log-record.js';
import { createTextDecoder, type TextDecoder } from '../receivers/line-decoder.js';
import { decodeKafkaMessage, decodeKafkaMessageInto } from './message-decoder.js';
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

describe('decodeKafkaMessageInto', () => {
  it('appends records to the caller\'s array and returns the format, or the dead-letter reason', () => {
    const into: LogRecord[] = [];
    expect(decodeKafkaMessageInto(message('first line'), into)).toBe('text');
    expect(decodeKafkaMessageInto(message(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'a' } }, { body: { stringValue: 'b' } }] }] }] })), into)).toBe('otlp-json');
    expect(decodeKafkaMessageInto(message(''), into)).toEqual({ reason: 'empty message value' });
    expect(decodeKafkaMessageInto(message('{"resourceLogs":[]}'), into)).toBe('otlp-json');
    expect(into.map((r) => r.message)).toEqual(['first line', 'a', 'b']);
  });

  it('parses a JSON line once: the text decoder gets the sniffed object', () => {
    const auto = createTextDecoder('auto');
    const seen: unknown[] = [];
    const decoder: TextDecoder = Object.assign((text: string) => auto(text), {
      fromJsonObject: (value: Record<string, unknown>, text: string) => {
        seen.push([value, text]);
        return auto(text);
      },
    });
    const r = decodeKafkaMessage(message('{"level":"warn","msg":"disk low"}\r\n'), { textDecoder: decoder });
    expect(r.ok && r.records[0]).toMatchObject({ severity: 'WARN', message: 'disk low' });
    expect(seen).toEqual([[{ level: 'warn', msg: 'disk low' }, '{"level":"warn","msg":"disk low"}']]);
  });

  it('keeps the whitespace rules of trim/trimStart beyond ASCII', () => {
    expect(decodeKafkaMessage(message('\u2028\u00a0 \n'))).toEqual({ ok: false, reason: 'message value is blank' });
    expect(decodeKafkaMessage(message('\u3000'))).toEqual({ ok: false, reason: 'message value is blank' });
    // trimStart skips a no-break space, JSON.parse does not: a text line, as before
    const nbsp = decodeKafkaMessage(message('\u00a0{"log":"not fluent bit"}'));
    expect(nbsp.ok && nbsp.format).toBe('text');
    // auto-detection reads only space/tab before `{` as JSON; a newline first stays a text line
    const newline = decodeKafkaMessage(message('\n{"msg":"m","level":"error"}'));
    expect(newline.ok && newline.records[0]).toMatchObject({ message: '\n{"msg":"m","level":"error"}', severity: 'UNKNOWN' });
    const crlf = decodeKafkaMessage(message('text\r\n'));
    expect(crlf.ok && crlf.records[0]?.message).toBe('text');
    const lone = decodeKafkaMessage(message('text\r'));
    expect(lone.ok && lone.records[0]?.message).toBe('text\r');
  });
});
