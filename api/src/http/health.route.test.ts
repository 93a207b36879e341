import type { KafkaHealthReport } from '@ailog/processor/kafka/index';
import { describe, expect, it } from 'vitest';
import { sharedProbe } from './health.route.js';

const up = { status: 'up' } as unknown as KafkaHealthReport;

describe('sharedProbe', () => {
  it('runs one probe for concurrent requests and a new one for the next request', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const probe = sharedProbe(() => {
      calls++;
      return new Promise<KafkaHealthReport>((resolve) => (release = () => resolve(up)));
    });
    const concurrent = Promise.all([probe(), probe(), probe()]);
    release();
    expect(await concurrent).toEqual([up, up, up]);
    expect(calls).toBe(1);
    const next = probe();
    release();
    await next;
    expect(calls).toBe(2);
  });

  it('lets a failed probe go: the next request asks again', async () => {
    let calls = 0;
    const probe = sharedProbe(() => {
      calls++;
      return calls === 1 ? Promise.reject(new Error('broker down')) : Promise.resolve(up);
    });
    await expect(probe()).rejects.toThrow('broker down');
    await expect(probe()).resolves.toBe(up);
    expect(calls).toBe(2);
  });
});
