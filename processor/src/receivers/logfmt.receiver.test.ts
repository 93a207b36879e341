import { describe, expect, it } from 'vitest';
import { decodeLogfmt, looksLikeLogfmt, parseLogfmt } from './logfmt.receiver.js';

describe('parseLogfmt', () => {
  it('parses bare, quoted and escaped values', () => {
    const p = parseLogfmt('level=info msg="hello \\"world\\"" path=/a?b=c empty= flag');
    expect(p.fields).toEqual({ level: 'info', msg: 'hello "world"', path: '/a?b=c', empty: '', flag: true });
    expect(p.pairs).toBe(4);
    expect(p.bareWords).toBe(1);
  });

  it('survives an unterminated quote', () => {
    expect(parseLogfmt('msg="never closed').fields).toEqual({ msg: 'never closed' });
  });
});

describe('looksLikeLogfmt', () => {
  it('needs a msg key and mostly pairs', () => {
    expect(looksLikeLogfmt(parseLogfmt('ts=1 level=info msg=ok'))).toBe(true);
    expect(looksLikeLogfmt(parseLogfmt('ts=1 level=info'))).toBe(false);
    expect(looksLikeLogfmt(parseLogfmt('the user set msg=hi and then went home for the day'))).toBe(false);
  });
});

describe('decodeLogfmt', () => {
  it('maps well-known keys like JSON does', () => {
    const e = decodeLogfmt('ts=2024-01-01T00:00:00Z level=warn msg="disk almost full" app=store trace_id=abc disk=/dev/sda');
    expect(e.timestamp?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(e.severity).toBe('WARN');
    expect(e.message).toBe('disk almost full');
    expect(e.service).toBe('store');
    expect(e.traceId).toBe('abc');
    expect(e.attributes).toEqual({ disk: '/dev/sda' });
  });
});
