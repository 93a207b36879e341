import { describe, expect, it } from 'vitest';
import { silentLogger } from '../domain/logger.js';
import { kafkaConsumerLag } from './metrics.js';
import { ConsumerLagPoller } from './metrics.consumer-lag.js';
import { metricValue } from './metrics.test-helpers.js';

const lag = (partition: number, n: number) => ({ topic: 'unit-topic', partition, committed: 0, end: n, lag: n });

describe('ConsumerLagPoller', () => {
  it('sets the lag gauge per topic partition on each poll', async () => {
    const readings = [[lag(0, 5), lag(1, 7)], [lag(0, 2), lag(1, 0)]];
    const poller = new ConsumerLagPoller(() => Promise.resolve(readings.shift() ?? []), { intervalMs: 60_000 }, silentLogger);
    await poller.poll();
    expect(await metricValue(kafkaConsumerLag, { topic: 'unit-topic', partition: '1' })).toBe(7);
    await poller.poll();
    expect(await metricValue(kafkaConsumerLag, { topic: 'unit-topic', partition: '0' })).toBe(2);
    expect(await metricValue(kafkaConsumerLag, { topic: 'unit-topic', partition: '1' })).toBe(0);
  });

  it('survives a failed read and polls again on the timer', async () => {
    let calls = 0;
    const poller = new ConsumerLagPoller(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('broker away')) : Promise.resolve([lag(2, 11)]);
      },
      { intervalMs: 10 },
      silentLogger,
    );
    poller.start();
    await expect.poll(() => metricValue(kafkaConsumerLag, { topic: 'unit-topic', partition: '2' }), { timeout: 2000 }).toBe(11);
    await poller.stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(calls).toBe(after);
  });
});
