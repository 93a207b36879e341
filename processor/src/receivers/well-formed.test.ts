import { describe, expect, it } from 'vitest';
import { messageOnlyEvent, toLogRecord } from './decoded-event.js';
import { plausibleTime, wellFormed, wellFormedAttributes } from './well-formed.js';

const ctx = { source: { receiver: 'file', stream: 'x', position: 1 }, observedAt: new Date(0) };

describe('records are made storable at the receiver boundary', () => {
  it('replaces NUL bytes and lone surrogates, keeps good text byte-identical', () => {
    expect(wellFormed('a\u0000b')).toBe('a\uFFFDb');
    expect(wellFormed('x\ud800y')).toBe('x\uFFFDy');
    const ok = 'plain ü text 😀';
    expect(wellFormed(ok)).toBe(ok);
  });

  it('drops implausible event times with a flag, keeps plausible ones', () => {
    expect(plausibleTime(new Date('2026-11-24T10:00:00Z'))?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(plausibleTime(new Date('-200000-01-01T00:00:00Z'))).toBeNull();
    const event = { ...messageOnlyEvent('m\u0000'), timestamp: new Date(Date.UTC(9999, 0, 1)), attributes: { 'k\ud800': 'v\u0000' } };
    const record = toLogRecord(event, ctx);
    expect(record.timestamp).toBeNull();
    expect(record.attributes).toEqual({ 'k\uFFFD': 'v\uFFFD', timestamp_out_of_range: true });
    expect(record.message).toBe('m\uFFFD');
  });
});

describe('wellFormedAttributes', () => {
  it('returns clean attributes as they are, and rebuilds dirty ones in order', () => {
    const clean = { a: 'x', b: 1, c: null };
    expect(wellFormedAttributes(clean)).toBe(clean);
    expect(Object.entries(wellFormedAttributes({ a: 'x', 'b\u0000': 'y', c: 'z\ud800' }))).toEqual([['a', 'x'], ['b\uFFFD', 'y'], ['c', 'z\uFFFD']]);
  });

  it('ignores inherited properties', () => {
    const attrs = Object.assign(Object.create({ 'bad\u0000': 'inherited' }) as Record<string, string>, { ok: 'v' });
    expect(wellFormedAttributes(attrs)).toBe(attrs);
  });
});
