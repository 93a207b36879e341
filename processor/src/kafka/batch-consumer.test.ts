import type { EachBatchPayload } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { AppError, UnavailableError } from '../domain/errors.js';
import { silentLogger } from '../domain/logger.js';
import { BatchConsumer, type BatchHandler } from './batch-consumer.js';
import { kafkaConfigSchema, type KafkaClient, type KafkaConsumer } from './kafka-client.js';
import { fastConsumerConfig } from './kafka-test-kit.js';

/** A kafkajs consumer double: records the calls that matter for at-least-once delivery. */
function fakeClient() {
  const calls: string[] = [];
  let eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
  const consumer = {
    events: { CRASH: 'consumer.crash' },
    on: () => () => undefined,
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    run: (o: { eachBatch: (p: EachBatchPayload) => Promise<void> }) => {
      eachBatch = o.eachBatch;
      return Promise.resolve();
    },
    commitOffsets: (o: { offset: string }[]) => {
      calls.push(`commit ${o[0]?.offset}`);
      return Promise.resolve();
    },
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    seek: (o: { offset: string }) => calls.push(`seek ${o.offset}`),
    stop: () => {
      calls.push('stop');
      return Promise.resolve();
    },
    disconnect: () => Promise.resolve(),
  };
  const client = { config: kafkaConfigSchema.parse({ brokers: 'h:1' }), consumer: () => consumer as unknown as KafkaConsumer } as unknown as KafkaClient;
  const deliver = (offsets: string[], over: Partial<EachBatchPayload> = {}) =>
    eachBatch!({
      batch: { topic: 't', partition: 0, messages: offsets.map((offset) => ({ offset, key: null, value: Buffer.from('x'), timestamp: '0', attributes: 0, headers: {} })) },
      heartbeat: () => Promise.resolve(),
      resolveOffset: (o: string) => calls.push(`resolve ${o}`),
      isRunning: () => true,
      isStale: () => false,
      ...over,
    } as unknown as EachBatchPayload);
  return { client, calls, deliver };
}

function make(handle: BatchHandler, onFatal?: (e: unknown) => void) {
  const fake = fakeClient();
  const consumer = new BatchConsumer({ client: fake.client, topics: ['t'], handle, config: fastConsumerConfig(), logger: silentLogger, onFatal });
  return { ...fake, consumer };
}

describe('BatchConsumer (unit, fake kafkajs)', () => {
  it('commits last offset + 1 only after the handler resolved', async () => {
    const order: string[] = [];
    const { consumer, calls, deliver } = make(() => {
      order.push(`handled, calls so far: ${calls.length}`);
      return Promise.resolve();
    });
    await consumer.start();
    await deliver(['10', '11', '12']);
    expect(order).toEqual(['handled, calls so far: 0']);
    expect(calls).toEqual(['resolve 12', 'commit 13']);
    expect(consumer.stats).toMatchObject({ batches: 1, messages: 3, commits: 1 });
  });

  it('on a retriable error: no commit, the same batch again after the backoff, then the commit', async () => {
    vi.useFakeTimers();
    try {
      const seen: string[][] = [];
      const { consumer, calls, deliver } = make((messages) => {
        seen.push(messages.map((m) => m.offset));
        return seen.length === 1 ? Promise.reject(new UnavailableError('db down', 'persist')) : Promise.resolve();
      });
      await consumer.start();
      const delivered = deliver(['5', '6']);
      await vi.advanceTimersByTimeAsync(10);
      expect(calls).toEqual([]);
      expect(consumer.stats.retries).toBe(1);
      await vi.advanceTimersByTimeAsync(60);
      await delivered;
      expect(seen).toEqual([['5', '6'], ['5', '6']]);
      expect(calls).toEqual(['resolve 6', 'commit 7']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stop() cuts a retry backoff short, also one that starts after the stop, and leaves the batch uncommitted', async () => {
    vi.useFakeTimers();
    try {
      let fail!: () => void;
      const { consumer, calls, deliver } = make(() => new Promise<void>((_, reject) => (fail = () => reject(new UnavailableError('db down', 'persist')))));
      await consumer.start();
      const delivered = deliver(['8']);
      await vi.advanceTimersByTimeAsync(1);
      let stopped = false;
      const stopping = consumer.stop().then(() => (stopped = true));
      // the attempt in flight fails after the stop began: no new backoff is waited out
      fail();
      await vi.advanceTimersByTimeAsync(1);
      await Promise.all([delivered, stopping]);
      expect(stopped).toBe(true);
      expect(calls).toEqual(['stop']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('hands the batch back uncommitted as soon as a heartbeat says the group is rebalancing', async () => {
    vi.useFakeTimers();
    try {
      const handle = vi.fn(() => Promise.reject(new UnavailableError('db down', 'persist')));
      const { consumer, calls, deliver } = make(handle);
      await consumer.start();
      let done = false;
      const rebalancing = Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
      const delivered = deliver(['9'], { heartbeat: () => Promise.reject(rebalancing) }).then(() => (done = true));
      // fastConsumerConfig heartbeats every 500 ms (half its interval); backoff starts at 50 ms and doubles
      await vi.advanceTimersByTimeAsync(1000);
      await delivered;
      expect(done).toBe(true);
      expect(calls).toEqual([]);
      expect(handle.mock.calls.length).toBeLessThan(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps growing the backoff across redeliveries of the same partition, and resets it after a success', async () => {
    vi.useFakeTimers();
    try {
      const at: number[] = [];
      let failures = 3;
      const { consumer, deliver } = make(() => {
        at.push(Date.now());
        return failures-- > 0 ? Promise.reject(new UnavailableError('db down', 'persist')) : Promise.resolve();
      });
      await consumer.start();
      const delivered = deliver(['1']);
      await vi.advanceTimersByTimeAsync(1000);
      await delivered;
      const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
      expect(gaps).toEqual([50, 100, 200]);
      expect(consumer.stats.retries).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on a permanent error: no commit, everything paused, onFatal called, later batches ignored', async () => {
    let fatal: unknown;
    const handle = vi.fn(() => Promise.reject(new AppError('bug', { stage: 'persist' })));
    const { consumer, calls, deliver } = make(handle, (e) => (fatal = e));
    await consumer.start();
    await deliver(['1']);
    await deliver(['1']);
    expect(fatal).toBeInstanceOf(AppError);
    expect(handle).toHaveBeenCalledTimes(1);
    expect(calls.some((c) => c.startsWith('commit'))).toBe(false);
    expect(calls).toContain('pause');
  });

  it('stop() lets the in-flight batch commit before stopping kafkajs', async () => {
    let release!: () => void;
    const { consumer, calls, deliver } = make(() => new Promise<void>((resolve) => (release = resolve)));
    await consumer.start();
    const inFlight = deliver(['3']);
    const stopped = consumer.stop();
    await Promise.resolve();
    expect(calls).toEqual([]);
    release();
    await Promise.all([inFlight, stopped]);
    expect(calls).toEqual(['resolve 3', 'commit 4', 'stop']);
  });
});
