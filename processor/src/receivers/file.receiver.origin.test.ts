import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../domain/log-record.js';
import { FileReceiver } from './file.receiver.js';

async function readAll(text: string): Promise<{ records: LogRecord[]; receiver: FileReceiver }> {
  const receiver = new FileReceiver('merged.log', { input: Readable.from([Buffer.from(text)]) });
  const records: LogRecord[] = [];
  for await (const chunk of receiver.records()) records.push(...chunk.records);
  return { records, receiver };
}

describe('FileReceiver on a merged, origin-prefixed stream', () => {
  it('keeps each line’s service and joins stack traces per origin although lines interleave', async () => {
    const text = [
      'orders-1    | 2026-11-24 10:00:00.001 ERROR [main] c.s.OrderService - reservation failed',
      'gateway-1   | 10.0.0.1 - - [24/Nov/2026:10:00:00 +0000] "GET /api/orders HTTP/1.1" 502 12 "-" "curl/8"',
      'orders-1    | java.lang.IllegalStateException: no stock',
      'orders-1    | \tat com.shop.OrderService.reserve(OrderService.java:42)',
      'auth-1      | {"time":"2026-11-24T10:00:01Z","level":"info","msg":"token issued"}',
      'orders-1    | 2026-11-24 10:00:02.000 INFO [main] c.s.OrderService - order placed',
      'gateway-1   | 10.0.0.2 - - [24/Nov/2026:10:00:02 +0000] "GET /api/orders HTTP/1.1" 200 12 "-" "curl/8"',
    ].join('\n');
    const { records, receiver } = await readAll(`${text}\n`);
    expect(records).toHaveLength(5);
    const failed = records.find((r) => r.message.includes('reservation failed'));
    expect(failed?.service).toBe('orders');
    expect(failed?.message.split('\n')).toHaveLength(3);
    expect(failed?.source.position).toBe(1);
    const gateway = records.filter((r) => r.service === 'gateway');
    expect(gateway.map((r) => r.severity)).toEqual(['ERROR', 'INFO']);
    expect(gateway[0]?.timestamp?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(records.find((r) => r.message === 'token issued')?.service).toBe('auth');
    expect(records.every((r) => !r.message.includes(' | '))).toBe(true);
    expect(receiver.stats.joinedLines).toBe(2);
  });

  it('does not split a plain stream that happens to contain a pipe', async () => {
    const { records } = await readAll('starting\nrun | grep failed\nok\n');
    expect(records.map((r) => r.message)).toContain('run | grep failed');
  });
});
