import { describe, expect, it } from 'vitest';
import { decodeAccessLog } from './access-log.receiver.js';
import { decodeAuto } from './auto-detect.js';

describe('decodeAccessLog', () => {
  it('reads time, status class and request from a combined-format line', () => {
    const line = '81.176.18.29 - - [24/Nov/2026:10:00:00 +0100] "POST /api/v1/auth/login HTTP/1.1" 503 1059 "-" "curl/8.5"';
    const event = decodeAccessLog(line);
    expect(event?.timestamp?.toISOString()).toBe('2026-11-24T09:00:00.000Z');
    expect(event?.severity).toBe('ERROR');
    expect(event?.attributes).toMatchObject({ http_method: 'POST', http_path: '/api/v1/auth/login', http_status: 503 });
    expect(event?.message).toBe(line);
  });

  it('replaces the authenticated user, which names a person', () => {
    const event = decodeAccessLog('10.0.0.1 - alice [01/Jan/2025:00:00:01 +0000] "GET /x HTTP/1.1" 200 5');
    expect(event?.message).toBe('10.0.0.1 - [USER] [01/Jan/2025:00:00:01 +0000] "GET /x HTTP/1.1" 200 5');
  });

  it('maps 4xx to WARN and 2xx to INFO, and ignores other lines', () => {
    expect(decodeAccessLog('::1 - bob [01/Jan/2025:00:00:01 +0000] "GET / HTTP/1.0" 404 0')?.severity).toBe('WARN');
    expect(decodeAccessLog('10.0.0.1 - - [01/Jan/2025:00:00:01 -0500] "GET /x HTTP/1.1" 200 -')?.severity).toBe('INFO');
    expect(decodeAccessLog('2025-01-01 00:00:01 INFO request served')).toBeNull();
  });

  it('is chosen by auto-detection', () => {
    const auto = decodeAuto('10.0.0.1 - - [01/Jan/2025:00:00:01 +0000] "GET /health HTTP/1.1" 200 2');
    expect(auto.event.timestamp?.toISOString()).toBe('2025-01-01T00:00:01.000Z');
    expect(auto.event.severity).toBe('INFO');
  });
});
