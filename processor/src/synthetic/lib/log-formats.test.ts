import { describe, expect, it } from 'vitest';
import { bsdTime, isoTime, logfmtLine, nginxTime, spaceTime } from './log-formats.js';

describe('log-formats', () => {
  it('formats times exactly like Date.toISOString, including the cached second', () => {
    for (const t of [Date.UTC(2026, 10, 24, 10, 0, 0, 5), Date.UTC(2026, 10, 24, 10, 0, 0, 57), Date.UTC(2026, 10, 24, 10, 0, 0, 999), Date.UTC(2026, 10, 24, 10, 0, 1, 0)]) {
      expect(isoTime(t)).toBe(new Date(t).toISOString());
    }
    const t = Date.UTC(2026, 10, 4, 9, 5, 7, 120);
    expect(spaceTime(t)).toBe('2026-11-04 09:05:07.120');
    expect(nginxTime(t)).toBe('04/Nov/2026:09:05:07 +0000');
    expect(bsdTime(t)).toBe('Nov  4 09:05:07');
  });

  it('quotes logfmt values that contain spaces, quotes or equals signs', () => {
    const line = logfmtLine(0, 'info', 'charge created', { a: 'x y', b: 'k=v', c: 'plain', d: '' });
    expect(line).toBe('time=1970-01-01T00:00:00.000Z level=info msg="charge created" a="x y" b="k=v" c=plain d=""');
  });
});
