import { BadInputError } from '@ailog/processor';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('log cursors', () => {
  it('round-trips timestamp and id through an opaque string', () => {
    const cursor = { timestamp: new Date('2026-01-01T00:00:07.123Z'), id: '9007199254740993' };
    const encoded = encodeCursor(cursor);
    expect(encoded).not.toContain('2026');
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it('rejects tampered or foreign cursors as bad input', () => {
    expect(() => decodeCursor('garbage')).toThrow(BadInputError);
    expect(() => decodeCursor(Buffer.from('2026-01-01T00:00:00Z|1; drop table logs').toString('base64url'))).toThrow(BadInputError);
    expect(() => decodeCursor(Buffer.from('not a date|5').toString('base64url'))).toThrow(BadInputError);
  });
});
