import { describe, expect, it } from 'vitest';
import type { RawMessage } from '../kafka/index.js';
import { createTextDecoder } from '../receivers/line-decoder.js';
import { decodeFetch } from './decode-fetch.js';

function message(offset: number, value: string | Buffer | null): RawMessage {
  return { topic: 'logs-raw', partition: 1, offset: String(offset), key: null, value: typeof value === 'string' ? Buffer.from(value) : value, headers: {}, timestamp: '0' };
}

describe('decodeFetch', () => {
  it('collects every message\'s records in order and dead-letters the ones that yield none', () => {
    const otlp = JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'o1' } }, { body: { stringValue: 'o2' } }] }] }] });
    const messages = [message(10, 'first'), message(11, otlp), message(12, null), message(13, '{"resourceLogs":[]}'), message(14, Buffer.from([0xff])), message(15, 'last')];
    const observedAt = new Date(0);
    const r = decodeFetch(messages, { textDecoder: createTextDecoder('auto'), observedAt, sample: (m) => `sample ${m.offset}` });
    expect(r.records.map((x) => [x.message, x.source.position, x.source.index])).toEqual([['first', 10, undefined], ['o1', 11, 0], ['o2', 11, 1], ['last', 15, undefined]]);
    expect(r.records.every((x) => x.observedAt === observedAt)).toBe(true);
    expect(r.deadLetters).toEqual([
      { stage: 'decode', reason: 'empty message value', source: 'kafka:logs-raw/1:12', sample: 'sample 12' },
      { stage: 'decode', reason: 'no log records in the otlp-json payload', source: 'kafka:logs-raw/1:13', sample: 'sample 13' },
      { stage: 'decode', reason: 'message value is not UTF-8 text', source: 'kafka:logs-raw/1:14', sample: 'sample 14' },
    ]);
    expect([...r.originals.keys()]).toEqual(['kafka:logs-raw/1:12', 'kafka:logs-raw/1:13', 'kafka:logs-raw/1:14']);
    expect(r.originals.get('kafka:logs-raw/1:13')).toBe(messages[3]);
  });
});
