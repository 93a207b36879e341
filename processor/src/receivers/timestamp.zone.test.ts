import { describe, expect, it } from 'vitest';
import { decodePlain } from './plain.receiver.js';
import { matchLeadingTimestamp } from './timestamp.js';

describe('a UTC/GMT word after the time', () => {
  it('is part of the timestamp, so the message does not start with it', () => {
    const line = '2026-11-24 10:00:47.800 UTC [44306] LOG:  disconnection: session time: 0:27:36.740';
    const ts = matchLeadingTimestamp(line);
    expect(ts?.date.toISOString()).toBe('2026-11-24T10:00:47.800Z');
    expect(line.slice(ts?.end ?? 0)).toBe(' [44306] LOG:  disconnection: session time: 0:27:36.740');
    expect(decodePlain(line).message.startsWith('UTC')).toBe(false);
  });

  it('leaves a following word that only starts like a zone alone', () => {
    const line = '2026-11-24 10:00:47 UTCX started';
    expect(line.slice(matchLeadingTimestamp(line)?.end ?? 0)).toBe(' UTCX started');
  });
});

describe('parseTimestamp on field values', () => {
  it('does not read dates into words and version numbers', async () => {
    const { parseTimestamp } = await import('./timestamp.js');
    expect(parseTimestamp('ok 12')).toBeNull();
    expect(parseTimestamp('build 7')).toBeNull();
    expect(parseTimestamp('1.2.3')).toBeNull();
    expect(parseTimestamp('Tue, 24 Nov 2026 10:00:00 GMT')?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });
});
