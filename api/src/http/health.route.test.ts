import type { KafkaHealthReport } from '@ailog/processor/kafka/index';
import { describe, expect, it } from 'vitest';
import { sharedProbe } from './health.route.js';

const up = { status: 'up' } as unknown as KafkaHealthReport;
const down = { status: 'down', reason: 'no broker' } as unknown as KafkaHealthReport;

describe('sharedProbe', () => {
  it('runs one probe for concurrent and recent requests while healthy, and a new one after the ttl', async () => {
    let calls = 0;
    let clock = 0;
    const probe = sharedProbe(
      () => {
        calls++;
        return Promise.resolve(up);
      },
      5000,
      () => clock,
    );
    await Promise.all([probe(), probe(), probe()]);
    clock = 4999;
    await probe();
    expect(calls).toBe(1);
    clock = 5000;
    await probe();
    expect(calls).toBe(2);
  });

  it('shares a report of trouble only while it is in flight, so recovery shows at once', async () => {
    let calls = 0;
    const probe = sharedProbe(() => {
      calls++;
      return Promise.resolve(calls === 1 ? down : up);
    }, 60_000);
    const [a, b] = await Promise.all([probe(), probe()]);
    expect([a, b]).toEqual([down, down]);
    expect(calls).toBe(1);
    await expect(probe()).resolves.toBe(up);
    expect(calls).toBe(2);
  });
});
