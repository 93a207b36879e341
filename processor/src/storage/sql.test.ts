import { describe, expect, it } from 'vitest';
import { asDate, chunks, inKeyOrder, jsonb, pgText, stableKey } from './sql.js';

describe('sql helpers', () => {
  it('splits rows into chunks of at most the given size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
  });

  it('orders rows by key code unit by code unit, whatever order they came in, without touching the input', () => {
    const rows = [{ k: 'b' }, { k: 'B' }, { k: 'a10' }, { k: 'a9' }, { k: 'é' }];
    const sorted = inKeyOrder(rows, (r) => r.k);
    expect(sorted.map((r) => r.k)).toEqual(['B', 'a10', 'a9', 'b', 'é']);
    expect(inKeyOrder([...rows].reverse(), (r) => r.k)).toEqual(sorted);
    expect(rows[0]?.k).toBe('b');
  });

  it('serialises arrays as JSON, not as PostgreSQL array literals', () => {
    expect(jsonb(['a', 'b'])).toBe('["a","b"]');
    expect(jsonb(undefined)).toBe('null');
  });

  it('gives stable keys that separate parts unambiguously and tell null from empty', () => {
    expect(stableKey(['a', 'b'])).toBe(stableKey(['a', 'b']));
    expect(stableKey(['ab', ''])).not.toBe(stableKey(['a', 'b']));
    expect(stableKey([null])).not.toBe(stableKey(['']));
    expect(stableKey(['x'])).toHaveLength(32);
  });

  it('replaces NUL characters that PostgreSQL text and jsonb reject', () => {
    expect(pgText('a\u0000b')).toBe('a\uFFFDb');
    expect(pgText(null)).toBeNull();
    expect(jsonb({ k: ['x\u0000'] })).toBe('{"k":["x\uFFFD"]}');
  });

  it('makes lone surrogates and NUL in jsonb keys storable, and leaves everything else as JSON.stringify wrote it', () => {
    expect(jsonb({ 'a\u0000': 'lone \uD800', b: ['\uDC00x'] })).toBe('{"a\uFFFD":"lone \uFFFD","b":["\uFFFDx"]}');
    expect(jsonb({ emoji: '🚀', ctl: '\u0001' })).toBe(JSON.stringify({ emoji: '🚀', ctl: '\u0001' }));
    expect(jsonb({ text: 'C:\\u0000', at: new Date(0) })).toBe(JSON.stringify({ text: 'C:\\u0000', at: new Date(0) }));
  });

  it('keeps what JSON.stringify keeps when it has to clean: own __proto__ keys, toJSON results', () => {
    const parsed = JSON.parse('{"__proto__":{"a":"\\u0000"},"at":"x"}') as unknown;
    expect(jsonb(parsed)).toBe('{"__proto__":{"a":"\uFFFD"},"at":"x"}');
    const custom = { toJSON: () => ({ v: 'n\u0000l' }) };
    expect(jsonb({ custom, at: new Date(0) })).toBe('{"custom":{"v":"n\uFFFDl"},"at":"1970-01-01T00:00:00.000Z"}');
  });

  it('turns timestamp strings into Dates', () => {
    expect(asDate('2026-01-01 00:00:00+00').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
